package io.parley.ingest.widget;

import io.parley.ingest.IngestProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The chat widget ({@code /widget/parley-widget.js}) is a static file under {@code static/}. Its demo
 * page ({@code /demo/}) is served only where {@code parley.ingest.demo-page} is on (the local stack):
 * it takes the endpoints it talks to from its query string, so on a production origin a crafted link
 * could show a stranger's bot as Parley's. Spring serves a folder's index page only at the root, so
 * {@code /demo/} is mapped here, as a web server would.
 */
@Configuration(proxyBeanMethods = false)
class WidgetPages implements WebMvcConfigurer {

    private final boolean demoPage;

    WidgetPages(IngestProperties properties) {
        this.demoPage = properties.demoPage();
    }

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        if (demoPage) {
            registry.addResourceHandler("/demo/**").addResourceLocations("classpath:/demo/");
        }
    }

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        if (demoPage) {
            registry.addRedirectViewController("/demo", "/demo/");
            registry.addViewController("/demo/").setViewName("forward:/demo/index.html");
        }
    }
}
