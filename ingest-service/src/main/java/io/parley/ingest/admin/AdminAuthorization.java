package io.parley.ingest.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import io.parley.ingest.IngestProperties;
import org.springframework.http.HttpStatus;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Checks the admin API's bearer token before anything else of the call is read: a caller without the
 * token learns nothing from how its body is judged.
 */
@Configuration(proxyBeanMethods = false)
class AdminAuthorization implements WebMvcConfigurer, HandlerInterceptor {

    private static final String BEARER = "Bearer ";

    private final byte[] token;

    AdminAuthorization(IngestProperties properties) {
        String configured = properties.adminToken();
        this.token = configured == null || configured.isBlank() ? null : configured.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).addPathPatterns("/admin/**");
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        check(request.getHeader(HttpHeaders.AUTHORIZATION));
        return true;
    }

    void check(String authorization) {
        if (token == null) {
            throw new AdminException(HttpStatus.FORBIDDEN, "the admin API is disabled: set parley.ingest.admin-token");
        }
        if (authorization == null || !authorization.startsWith(BEARER)) {
            throw new AdminException(HttpStatus.UNAUTHORIZED, "an Authorization: Bearer <admin token> header is required");
        }
        byte[] given = authorization.substring(BEARER.length()).strip().getBytes(StandardCharsets.UTF_8);
        // Constant time: the comparison must not tell how much of a guessed token was right.
        if (!MessageDigest.isEqual(token, given)) {
            throw new AdminException(HttpStatus.UNAUTHORIZED, "wrong admin token");
        }
    }
}
