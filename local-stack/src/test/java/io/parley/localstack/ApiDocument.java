package io.parley.localstack;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * An OpenAPI 3.1 document as served, read as a tree: its operations, their responses (component
 * references resolved) and the JSON Schema (2020-12, OpenAPI 3.1's dialect) that a body must match,
 * checked by networknt's validator.
 */
final class ApiDocument {

    private static final YAMLMapper yaml = YAMLMapper.builder().build();
    private static final SchemaRegistry schemas = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private static final AtomicInteger schemaIds = new AtomicInteger();

    final String name;
    final JsonNode root;

    ApiDocument(String name, String text) {
        this.name = name;
        this.root = yaml.readTree(text);
    }

    /** One documented operation: method, path template, the path item and the operation itself. */
    record Operation(String method, String path, JsonNode pathItem, JsonNode node) {
    }

    List<Operation> operations() {
        List<Operation> operations = new ArrayList<>();
        root.path("paths").properties().forEach(path -> path.getValue().properties().forEach(entry -> {
            if (List.of("get", "put", "post", "delete", "patch").contains(entry.getKey())) {
                operations.add(new Operation(entry.getKey().toUpperCase(java.util.Locale.ROOT), path.getKey(), path.getValue(),
                        entry.getValue()));
            }
        }));
        return operations;
    }

    /** A response or other component, following a {@code $ref} into the document. */
    JsonNode resolved(JsonNode node) {
        JsonNode ref = node.path("$ref");
        return ref.isString() ? root.at(ref.stringValue().substring(1)) : node;
    }

    /** What {@code value} breaks of {@code schema} (empty when it matches); its refs resolve in this document. */
    List<String> violations(JsonNode schema, JsonNode value) {
        ObjectNode wrapper = yaml.createObjectNode();
        wrapper.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        wrapper.set("components", root.path("components"));
        wrapper.putArray("allOf").add(schema);
        Schema compiled = schemas.getSchema(SchemaLocation.of("https://parley.test/" + name + "/" + schemaIds.incrementAndGet()), wrapper);
        return compiled.validate(value).stream().map(Error::toString).toList();
    }
}
