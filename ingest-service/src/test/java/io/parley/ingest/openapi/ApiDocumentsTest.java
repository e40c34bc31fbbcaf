package io.parley.ingest.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Ingest's OpenAPI documents, without a broker: each is a valid OpenAPI 3.1 document, every response
 * says how a test reaches it (or why none can), and together they document exactly the endpoints the
 * controllers map, so an endpoint added or removed without its document fails the build.
 * OpenApiContractTest (local-stack) replays the documented requests against the running services.
 */
class ApiDocumentsTest {

    static final List<String> DOCUMENTS = List.of("talkr.yaml", "talklift.yaml", "botlhale.yaml", "admin.yaml");

    @ParameterizedTest
    @ValueSource(strings = {"talkr.yaml", "talklift.yaml", "botlhale.yaml", "admin.yaml"})
    void eachDocumentIsValidOpenApi31AndEveryResponseIsReachedOrSaysWhyNot(String name) throws IOException {
        OpenAPI api = parse(name);
        assertThat(api.getOpenapi()).isEqualTo("3.1.0");
        for (var path : api.getPaths().entrySet()) {
            for (var operation : path.getValue().readOperationsMap().entrySet()) {
                String where = name + " " + operation.getKey() + " " + path.getKey();
                assertThat(operation.getValue().getOperationId()).as(where).isNotBlank();
                assertThat(operation.getValue().getResponses()).as(where).isNotEmpty();
                for (var response : operation.getValue().getResponses().entrySet()) {
                    Map<String, Object> extensions = resolved(api, response.getValue()).getExtensions();
                    assertThat(extensions).as(where + " " + response.getKey() + ": x-parley-reach or x-parley-unreachable").isNotNull();
                    assertThat(extensions.containsKey("x-parley-reach") != extensions.containsKey("x-parley-unreachable"))
                            .as(where + " " + response.getKey() + ": exactly one of x-parley-reach, x-parley-unreachable").isTrue();
                }
            }
        }
    }

    @Test
    void theDocumentsDescribeExactlyTheEndpointsTheControllersMap() throws IOException {
        Set<String> documented = new TreeSet<>();
        for (String name : DOCUMENTS) {
            OpenAPI api = parse(name);
            api.getPaths().forEach((path, item) -> item.readOperationsMap().keySet()
                    .forEach(method -> documented.add(method + " " + normalised(path))));
        }
        assertThat(documented).isEqualTo(mapped("io.parley.ingest"));
    }

    @Test
    void theIndexListsEveryDocument() throws IOException {
        String index = read("index.json");
        DOCUMENTS.forEach(name -> assertThat(index).contains("\"/openapi/" + name + "\""));
    }

    static OpenAPI parse(String name) throws IOException {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult result = new OpenAPIParser().readContents(read(name), null, options);
        assertThat(result.getMessages()).as(name).isEmpty();
        assertThat(result.getOpenAPI()).as(name).isNotNull();
        return result.getOpenAPI();
    }

    private static ApiResponse resolved(OpenAPI api, ApiResponse response) {
        String ref = response.get$ref();
        return ref == null ? response : api.getComponents().getResponses().get(ref.substring(ref.lastIndexOf('/') + 1));
    }

    static String read(String name) throws IOException {
        try (InputStream in = ApiDocumentsTest.class.getResourceAsStream("/openapi/ingest/" + name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Every (method, path) the package's controllers map; {@code /error} is the web server's, not an API. */
    static Set<String> mapped(String basePackage) {
        var scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(RestController.class));
        Set<String> mapped = new TreeSet<>();
        for (BeanDefinition candidate : scanner.findCandidateComponents(basePackage)) {
            Class<?> type;
            try {
                type = Class.forName(candidate.getBeanClassName());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
            RequestMapping onType = AnnotatedElementUtils.findMergedAnnotation(type, RequestMapping.class);
            List<String> prefixes = onType == null || onType.path().length == 0 ? List.of("") : List.of(onType.path());
            for (Method method : type.getDeclaredMethods()) {
                RequestMapping onMethod = AnnotatedElementUtils.findMergedAnnotation(method, RequestMapping.class);
                if (onMethod == null) {
                    continue;
                }
                List<String> paths = onMethod.path().length == 0 ? List.of("") : List.of(onMethod.path());
                for (String prefix : prefixes) {
                    for (String path : paths) {
                        String full = prefix + path;
                        if (full.equals("/error")) {
                            continue;
                        }
                        assertThat(onMethod.method()).as(type.getSimpleName() + "." + method.getName() + " names its HTTP method").isNotEmpty();
                        for (var verb : onMethod.method()) {
                            mapped.add(PathItem.HttpMethod.valueOf(verb.name()) + " " + normalised(full));
                        }
                    }
                }
            }
        }
        return mapped;
    }

    /** Path variables by position only: the document says {bot_id} where the code says {botId}. */
    static String normalised(String path) {
        return path.replaceAll("\\{[^}]+}", "{}");
    }
}
