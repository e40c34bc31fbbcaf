package io.parley.ingest.openapi;

import org.springframework.boot.web.server.MimeMappings;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.server.servlet.ConfigurableServletWebServerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.CorsRegistry;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The OpenAPI documents of ingest's APIs ({@code /openapi/talkr.yaml}, {@code talklift.yaml},
 * {@code botlhale.yaml}, {@code admin.yaml}, and {@code /openapi/} listing them), served as static
 * files without authentication. They are hand-written under {@code openapi/ingest/} and checked against
 * the controllers and the running services by tests. Two path segments never meet TALKR's three.
 * The folder is ingest's own: in the local stack's single JVM, delivery's documents are on the same
 * classpath and must not be served here.
 */
@Configuration(proxyBeanMethods = false)
class ApiDocuments implements WebMvcConfigurer {

    static final String LOCATION = "classpath:/openapi/ingest/";

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        registry.addResourceHandler("/openapi/*").addResourceLocations(LOCATION);
    }

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        registry.addRedirectViewController("/openapi", "/openapi/");
        registry.addViewController("/openapi/").setViewName("forward:/openapi/index.json");
    }

    /** The documents' type (RFC 9512); the servlet container knows none for {@code .yaml} and would say octet-stream. */
    @Bean
    static WebServerFactoryCustomizer<ConfigurableServletWebServerFactory> yamlMimeType() {
        return factory -> {
            MimeMappings yaml = new MimeMappings();
            yaml.add("yaml", "application/yaml");
            factory.addMimeMappings(yaml);
        };
    }

    /** Any site's API tools (an editor, a client generator) may fetch the documents; they hold no secret. */
    @Override
    public void addCorsMappings(CorsRegistry registry) {
        registry.addMapping("/openapi/**").allowedOrigins("*").allowedMethods("GET");
    }
}
