package io.parley.ingest.widget;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The chat widget ({@code /widget/parley-widget.js}) and its demo page are static files under
 * {@code static/}. Spring serves a folder's index page only at the root, so {@code /demo/} is mapped
 * here, as a web server would.
 */
@Configuration(proxyBeanMethods = false)
class WidgetPages implements WebMvcConfigurer {

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        registry.addRedirectViewController("/demo", "/demo/");
        registry.addViewController("/demo/").setViewName("forward:/demo/index.html");
    }
}
