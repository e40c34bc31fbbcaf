package io.parley.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.support.SimpleBeanDefinitionRegistry;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.AnnotationBeanNameGenerator;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AssignableTypeFilter;
import org.yaml.snakeyaml.Yaml;

/**
 * deploy/kubernetes cannot be applied here (no cluster), so it is checked against the build, as
 * docker-compose.yml is: what kustomization.yaml lists exists and parses, the images are the build's
 * and compose's, every variable set is a setting of its service, the probes ask the services' real
 * health groups on their real ports, every ConfigMap and Secret key referred to exists, and the
 * settings the guarantees rest on (state on volumes, standby replicas, replication) are there.
 * No kubectl: the files are read as plain YAML.
 */
class KubernetesManifestsContractTest {

    private static final Path DIRECTORY = Path.of("..", "deploy", "kubernetes");
    /** Documents the Secret the services read; never applied, so no secret value is committed. */
    private static final String SECRET_TEMPLATE = "secret-template.yaml";
    /** Read by the JVM, not by Spring: how much of the container's memory the heap may take. */
    private static final Set<String> JVM_VARIABLES = Set.of("JAVA_TOOL_OPTIONS");
    /** Kubernetes' dependent variables: $(NAME) is replaced by an earlier variable of the same container. */
    private static final Pattern VARIABLE_REFERENCE = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");
    /** What each service's readiness must wait for: its views, its Streams stores, or both. */
    private static final Map<String, List<String>> CAUGHT_UP = Map.of(
            "ingest", List.of("topicViews"), "delivery", List.of("topicViews"),
            "engine", List.of("engineStreams"), "analytics", List.of("analyticsStreams", "topicViews"));
    /** The Kafka Streams services: their state directory must outlive the pod. */
    private static final Map<String, String> STANDBY_VARIABLES = Map.of(
            "engine", "PARLEY_ENGINE_STANDBYREPLICAS", "analytics", "PARLEY_ANALYTICS_STANDBYREPLICAS");

    private static Map<String, Object> kustomization;
    private static List<String> resourceFiles;
    private static List<Map<String, Object>> documents;
    private static Map<String, Object> secretTemplate;
    private static Map<String, Map<String, Object>> composeServices;

    @BeforeAll
    static void readManifests() throws Exception {
        kustomization = load(DIRECTORY.resolve("kustomization.yaml")).get(0);
        resourceFiles = strings(kustomization.get("resources"));
        documents = new ArrayList<>();
        for (String file : resourceFiles) {
            documents.addAll(load(DIRECTORY.resolve(file)));
        }
        secretTemplate = load(DIRECTORY.resolve(SECRET_TEMPLATE)).get(0);
        try (InputStream in = Files.newInputStream(Path.of("..", "docker-compose.yml"))) {
            composeServices = map(new Yaml().<Map<String, Object>>load(in).get("services"));
        }
    }

    @Test
    void everyListedResourceExistsParsesAndNoSecretIsCommitted() throws Exception {
        assertThat(resourceFiles).isNotEmpty().doesNotHaveDuplicates().doesNotContain(SECRET_TEMPLATE);
        assertThat(documents).allSatisfy(document -> {
            assertThat(document).containsKeys("apiVersion", "kind");
            assertThat(name(document)).isNotBlank();
        });
        // A manifest left out of the kustomization would silently not be applied.
        try (Stream<Path> files = Files.list(DIRECTORY)) {
            assertThat(files.map(file -> file.getFileName().toString()).filter(file -> file.endsWith(".yaml")))
                    .containsExactlyInAnyOrderElementsOf(concat(resourceFiles, List.of("kustomization.yaml", SECRET_TEMPLATE)));
        }
        assertThat(kinds("Secret")).isEmpty();
        assertThat(secretTemplate).containsEntry("kind", "Secret");
        assertThat(map(secretTemplate.get("stringData")).values()).as("values in the template").allMatch(""::equals);
        assertThat(one("Namespace", (String) kustomization.get("namespace"))).isNotNull();
    }

    @Test
    void theDeploymentHasKafkaTheRegistryTheTopicJobAndTheFourServices() {
        assertThat(one("StatefulSet", "kafka")).isNotNull();
        assertThat(one("Deployment", "registry")).isNotNull();
        assertThat(one("Job", "topics")).isNotNull();
        assertThat(one("Deployment", "ingest")).isNotNull();
        assertThat(one("Deployment", "delivery")).isNotNull();
        assertThat(one("StatefulSet", "engine")).isNotNull();
        assertThat(one("StatefulSet", "analytics")).isNotNull();
        for (String service : List.of("kafka", "registry", "ingest", "delivery", "analytics")) {
            assertThat(one("Service", service)).as("service %s", service).isNotNull();
        }
    }

    @Test
    void everyServiceSelectsPodsAndAPortTheyHave() {
        for (Map<String, Object> service : kinds("Service")) {
            Map<String, Object> spec = map(service.get("spec"));
            List<Map<String, Object>> selected = podTemplates().stream()
                    .filter(pod -> labels(pod).entrySet().containsAll(map(spec.get("selector")).entrySet())).toList();
            assertThat(selected).as("pods of service %s", name(service)).hasSize(1);
            Map<String, Object> container = containers(selected.get(0)).get(0);
            for (Map<String, Object> port : maps(spec.get("ports"))) {
                Object target = port.getOrDefault("targetPort", port.get("port"));
                assertThat(containerPort(container, target)).as("%s port %s", name(service), target).isNotNull();
            }
        }
    }

    @Test
    void everyServiceImageIsTheBuildsAndCompose() throws Exception {
        for (Map.Entry<String, String> app : ServiceModules.APPLICATIONS.entrySet()) {
            String image = (String) container(app.getKey()).get("image");
            assertThat(image).as(app.getKey()).isEqualTo(ServiceModules.image(app.getValue()))
                    .isEqualTo(composeServices.get(app.getKey()).get("image"));
        }
        assertThat(container("topics").get("image")).isEqualTo(container("engine").get("image"));
        assertThat(strings(container("topics").get("command"))).contains("io.parley.topics.TopicProvisioner")
                .isEqualTo(composeServices.get("topics").get("entrypoint"));
        assertThat(container("kafka").get("image")).isEqualTo(composeServices.get("kafka").get("image"));
        assertThat(container("registry").get("image")).isEqualTo(composeServices.get("registry").get("image"));
    }

    @Test
    void everyEnvironmentVariableIsAConfigurationPropertyOfItsService() throws Exception {
        Map<String, String> workloads = new LinkedHashMap<>(ServiceModules.APPLICATIONS);
        workloads.put("topics", "engine-service");
        for (Map.Entry<String, String> workload : workloads.entrySet()) {
            Set<String> known = ServiceModules.environmentNames(workload.getValue());
            Map<String, Map<String, Object>> environment = environment(container(workload.getKey()));
            assertThat(environment).as(workload.getKey()).isNotEmpty();
            Set<String> referenced = referencedVariables(container(workload.getKey()));
            assertThat(environment.keySet()).as("variables of %s", workload.getKey()).allSatisfy(name ->
                    assertThat(known.contains(name) || JVM_VARIABLES.contains(name) || referenced.contains(name))
                            .as("%s sets %s, which is no setting of it", workload.getKey(), name).isTrue());
        }
    }

    @Test
    void everyVariableReferenceIsToAnEarlierVariableOfTheSameContainer() {
        // Kubernetes leaves a reference it cannot resolve as it is: the service would get "$(POD_NAME)".
        for (Map<String, Object> pod : podTemplates()) {
            for (Map<String, Object> container : containers(pod)) {
                List<String> defined = new ArrayList<>();
                for (Map<String, Object> variable : maps(container.get("env"))) {
                    assertThat(references(variable.get("value"))).as("%s in %s", variable.get("name"), container.get("name"))
                            .allMatch(defined::contains);
                    defined.add((String) variable.get("name"));
                }
                for (String argument : concat(strings(container.get("command")), strings(container.get("args")))) {
                    assertThat(references(argument)).as("%s of %s", argument, container.get("name")).allMatch(defined::contains);
                }
            }
        }
    }

    @Test
    void everyProbeAsksAHealthGroupOfTheServiceOnItsPort() throws Exception {
        for (Map.Entry<String, String> app : ServiceModules.APPLICATIONS.entrySet()) {
            Map<String, Object> configuration = ServiceModules.configuration(app.getValue());
            int port = (Integer) path(configuration, "server", "port");
            String health = Objects.requireNonNullElse((String) path(configuration, "management", "endpoints", "web", "base-path"),
                    "/actuator") + "/health";
            assertThat(path(configuration, "management", "endpoint", "health", "probes", "enabled")).as(app.getKey()).isEqualTo(true);
            assertThat(((String) path(configuration, "management", "endpoints", "web", "exposure", "include")).split(","))
                    .as(app.getKey()).contains("health");
            Map<String, Object> container = container(app.getKey());
            Map<String, String> expected = Map.of("startupProbe", health + "/liveness", "livenessProbe", health + "/liveness",
                    "readinessProbe", health + "/readiness");
            for (Map.Entry<String, String> probe : expected.entrySet()) {
                Map<String, Object> httpGet = map(map(container.get(probe.getKey())).get("httpGet"));
                assertThat(httpGet.get("path")).as("%s %s", app.getKey(), probe.getKey()).isEqualTo(probe.getValue());
                assertThat(containerPort(container, httpGet.get("port"))).as("%s %s", app.getKey(), probe.getKey()).isEqualTo(port);
            }
        }
    }

    @Test
    void readinessWaitsForTheViewsAndStoresOfEachService() throws Exception {
        for (Map.Entry<String, String> app : ServiceModules.APPLICATIONS.entrySet()) {
            Map<String, Object> configuration = ServiceModules.configuration(app.getValue());
            List<String> readiness = Arrays.stream(((String) path(configuration,
                    "management", "endpoint", "health", "group", "readiness", "include")).split(",")).map(String::trim).toList();
            assertThat(readiness).as(app.getKey()).contains("readinessState").containsAll(CAUGHT_UP.get(app.getKey()));
            // A name in the group that is no health indicator of the service would be left out without a word.
            Set<String> indicators = healthIndicators("io.parley." + app.getKey());
            assertThat(readiness).as("indicators of %s", app.getKey()).allSatisfy(indicator ->
                    assertThat(indicator.equals("readinessState") || indicators.contains(indicator))
                            .as("%s's readiness includes %s, which is none of %s", app.getKey(), indicator, indicators).isTrue());
        }
    }

    @Test
    void everyConfigMapAndSecretKeyReferredToExistsAndEverySharedSettingIsUsed() {
        Set<String> used = new HashSet<>();
        for (Map<String, Object> pod : podTemplates()) {
            for (Map<String, Object> container : containers(pod)) {
                for (Map<String, Object> variable : maps(container.get("env"))) {
                    Map<String, Object> from = map(variable.get("valueFrom"));
                    if (from.containsKey("configMapKeyRef")) {
                        Map<String, Object> ref = map(from.get("configMapKeyRef"));
                        assertThat(map(one("ConfigMap", (String) ref.get("name")).get("data")))
                                .as("%s of %s", variable.get("name"), container.get("name")).containsKey((String) ref.get("key"));
                        used.add(ref.get("name") + "/" + ref.get("key"));
                    }
                    if (from.containsKey("secretKeyRef")) {
                        Map<String, Object> ref = map(from.get("secretKeyRef"));
                        assertThat(ref.get("name")).isEqualTo(name(secretTemplate));
                        assertThat(map(secretTemplate.get("stringData")))
                                .as("%s of %s", variable.get("name"), container.get("name")).containsKey((String) ref.get("key"));
                    }
                }
                for (Map<String, Object> source : maps(container.get("envFrom"))) {
                    if (source.containsKey("configMapRef")) {
                        assertThat(one("ConfigMap", (String) map(source.get("configMapRef")).get("name"))).isNotNull();
                        map(one("ConfigMap", (String) map(source.get("configMapRef")).get("name")).get("data")).keySet()
                                .forEach(key -> used.add(map(source.get("configMapRef")).get("name") + "/" + key));
                    }
                    if (source.containsKey("secretRef")) {
                        assertThat(map(source.get("secretRef")).get("name")).isEqualTo(name(secretTemplate));
                    }
                }
            }
        }
        for (Map<String, Object> configMap : kinds("ConfigMap")) {
            assertThat(map(configMap.get("data")).keySet()).as("keys of %s used", name(configMap))
                    .allSatisfy(key -> assertThat(used).contains(name(configMap) + "/" + key));
        }
    }

    @Test
    void theStreamsServicesAreStatefulSetsWithTheirStateDirectoryOnAVolume() {
        for (String app : STANDBY_VARIABLES.keySet()) {
            Map<String, Object> spec = map(one("StatefulSet", app).get("spec"));
            Map<String, Object> governing = one("Service", (String) spec.get("serviceName"));
            assertThat(map(governing.get("spec"))).as("headless service of %s", app).containsEntry("clusterIP", "None");
            assertThat(labels(map(spec.get("template"))).entrySet())
                    .containsAll(map(map(governing.get("spec")).get("selector")).entrySet());
            Set<String> claims = new HashSet<>();
            maps(spec.get("volumeClaimTemplates")).forEach(claim -> claims.add(name(claim)));
            assertThat(claims).as(app).isNotEmpty();
            Path stateDirectory = Path.of((String) environment(container(app)).get("SPRING_KAFKA_STREAMS_STATEDIR").get("value"));
            assertThat(maps(container(app).get("volumeMounts")))
                    .as("%s's state directory %s on a claimed volume", app, stateDirectory)
                    .anyMatch(mount -> claims.contains(mount.get("name"))
                            && stateDirectory.startsWith(Path.of((String) mount.get("mountPath"))));
        }
    }

    @Test
    void theStreamsServicesKeepStandbyReplicasOnOtherInstances() {
        for (Map.Entry<String, String> app : STANDBY_VARIABLES.entrySet()) {
            int replicas = (Integer) map(one("StatefulSet", app.getKey()).get("spec")).get("replicas");
            Map<String, Object> standby = environment(container(app.getKey())).get(app.getValue());
            assertThat(standby).as("%s sets %s", app.getKey(), app.getValue()).isNotNull();
            assertThat(Integer.parseInt((String) standby.get("value"))).as(app.getValue())
                    .isPositive().isLessThan(replicas);
            // Exactly-once is the services' default; nothing here may turn it off.
            assertThat(environment(container(app.getKey())).keySet()).noneMatch(name -> name.contains("PROCESSING_GUARANTEE"));
        }
    }

    @Test
    void analyticsAdvertisesItsStableNameToTheOtherInstances() throws Exception {
        Map<String, Map<String, Object>> environment = environment(container("analytics"));
        String governing = (String) map(one("StatefulSet", "analytics").get("spec")).get("serviceName");
        int port = (Integer) path(ServiceModules.configuration("analytics-service"), "server", "port");
        assertThat(environment.get("PARLEY_ANALYTICS_ADVERTISEDADDRESS")).containsEntry("value", "$(POD_NAME)." + governing + ":" + port);
        assertThat(path(environment.get("POD_NAME"), "valueFrom", "fieldRef", "fieldPath")).isEqualTo("metadata.name");
        assertThat(map(one("Service", governing).get("spec"))).containsEntry("publishNotReadyAddresses", true);
    }

    @Test
    void replicationAndPartitionsMatchTheBrokersTheEngineAndThePlan() {
        int brokers = (Integer) map(one("StatefulSet", "kafka").get("spec")).get("replicas");
        Map<String, Map<String, Object>> kafka = environment(container("kafka"));
        List<String> provisioner = strings(container("topics").get("args"));
        int partitions = Integer.parseInt(provisioner.get(1));
        int replication = Integer.parseInt(provisioner.get(2));
        int minInsync = Integer.parseInt(value(kafka, "KAFKA_MIN_INSYNC_REPLICAS"));
        assertThat(brokers).as("Kafka nodes").isGreaterThanOrEqualTo(3);
        assertThat(replication).as("the topics job's replication factor").isEqualTo(brokers);
        assertThat(value(kafka, "KAFKA_DEFAULT_REPLICATION_FACTOR")).as("default replication factor").isEqualTo(String.valueOf(replication));
        assertThat(value(kafka, "KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR")).as("offsets topic").isEqualTo(String.valueOf(replication));
        assertThat(value(kafka, "KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR")).as("transaction log").isEqualTo(String.valueOf(replication));
        assertThat(value(kafka, "KAFKA_TRANSACTION_STATE_LOG_MIN_ISR")).as("transaction log min ISR").isEqualTo(String.valueOf(minInsync));
        assertThat(value(kafka, "KAFKA_UNCLEAN_LEADER_ELECTION_ENABLE")).as("unclean leader election").isEqualTo("false");
        // An acknowledged write is on two nodes at least, and one node may be down without stopping writes.
        assertThat(minInsync).as("min.insync.replicas").isGreaterThanOrEqualTo(2).isLessThan(replication);
        assertThat((Integer) map(one("PodDisruptionBudget", "kafka").get("spec")).get("maxUnavailable"))
                .as("Kafka nodes a drain may take down").isLessThanOrEqualTo(replication - minInsync);
        assertThat(value(kafka, "KAFKA_CONTROLLER_QUORUM_VOTERS").split(",")).as("controller quorum").hasSize(brokers);
        // An engine instance beyond the partitions would have nothing to do.
        assertThat(partitions).as("partitions per topic against engine instances").isGreaterThanOrEqualTo((Integer) map(one("StatefulSet", "engine").get("spec")).get("replicas"));
    }

    @Test
    void theBrokerTheRegistryAndTheEngineTakeConnectionsFromTheNamespaceOnly() {
        for (String workload : List.of("kafka", "registry", "engine")) {
            Map<String, Object> pod = podTemplate(workload);
            List<Map<String, Object>> policies = kinds("NetworkPolicy").stream().filter(policy -> labels(pod).entrySet()
                    .containsAll(map(path(policy, "spec", "podSelector", "matchLabels")).entrySet())).toList();
            assertThat(policies).as("network policies of %s", workload).isNotEmpty().allSatisfy(policy -> {
                assertThat(strings(path(policy, "spec", "policyTypes"))).contains("Ingress");
                // Only pod selectors: a namespace selector or an address block would let other tenants in.
                assertThat(maps(path(policy, "spec", "ingress"))).allSatisfy(rule ->
                        assertThat(maps(rule.get("from"))).isNotEmpty().allSatisfy(peer ->
                                assertThat(peer).as("peer of %s", workload).containsOnlyKeys("podSelector")));
            });
        }
    }

    @Test
    void everyWorkloadHasResourcesAGracePeriodForDrainingAndADisruptionBudget() {
        for (Map<String, Object> workload : concat(kinds("Deployment"), kinds("StatefulSet"))) {
            Map<String, Object> pod = map(map(workload.get("spec")).get("template"));
            for (Map<String, Object> container : containers(pod)) {
                for (String bound : List.of("requests", "limits")) {
                    assertThat(map(map(container.get("resources")).get(bound))).as("%s %s", name(workload), bound)
                            .containsKeys("cpu", "memory");
                }
            }
            assertThat(kinds("PodDisruptionBudget")).as("budget of %s", name(workload)).anyMatch(budget -> labels(pod).entrySet()
                    .containsAll(map(path(budget, "spec", "selector", "matchLabels")).entrySet()));
        }
        for (String app : ServiceModules.APPLICATIONS.keySet()) {
            // Spring's graceful shutdown and the Streams close each take up to 30 s, after the preStop pause.
            Map<String, Object> container = container(app);
            int pause = strings(path(container, "lifecycle", "preStop", "exec", "command")).stream()
                    .filter(word -> word.matches("\\d+")).mapToInt(Integer::parseInt).sum();
            assertThat((Integer) map(podTemplate(app).get("spec")).get("terminationGracePeriodSeconds"))
                    .as("grace period of %s", app).isGreaterThan(30 + pause);
        }
    }

    // --- reading the manifests

    private static List<Map<String, Object>> load(Path file) throws Exception {
        assertThat(file).as("listed in the kustomization").exists();
        List<Map<String, Object>> loaded = new ArrayList<>();
        try (Reader in = Files.newBufferedReader(file)) {
            for (Object document : new Yaml().loadAll(in)) {
                if (document != null) {
                    loaded.add(map(document));
                }
            }
        }
        assertThat(loaded).as(file.toString()).isNotEmpty();
        return loaded;
    }

    private static List<Map<String, Object>> kinds(String kind) {
        return documents.stream().filter(document -> kind.equals(document.get("kind"))).toList();
    }

    private static Map<String, Object> one(String kind, String name) {
        List<Map<String, Object>> found = kinds(kind).stream().filter(document -> name.equals(name(document))).toList();
        assertThat(found).as("%s %s", kind, name).hasSize(1);
        return found.get(0);
    }

    private static String name(Map<String, Object> document) {
        return (String) map(document.get("metadata")).get("name");
    }

    private static List<Map<String, Object>> podTemplates() {
        return documents.stream().filter(document -> List.of("Deployment", "StatefulSet", "Job").contains(document.get("kind")))
                .map(document -> map(map(document.get("spec")).get("template"))).toList();
    }

    /** The pod template of the Deployment, StatefulSet or Job of that name. */
    private static Map<String, Object> podTemplate(String workload) {
        List<Map<String, Object>> found = documents.stream()
                .filter(document -> List.of("Deployment", "StatefulSet", "Job").contains(document.get("kind")))
                .filter(document -> workload.equals(name(document)))
                .map(document -> map(map(document.get("spec")).get("template"))).toList();
        assertThat(found).as("workload %s", workload).hasSize(1);
        return found.get(0);
    }

    private static List<Map<String, Object>> containers(Map<String, Object> podTemplate) {
        Map<String, Object> spec = map(podTemplate.get("spec"));
        return concat(maps(spec.get("initContainers")), maps(spec.get("containers")));
    }

    /** The workload's container of the same name. */
    private static Map<String, Object> container(String workload) {
        return containers(podTemplate(workload)).stream().filter(container -> workload.equals(container.get("name")))
                .findFirst().orElseThrow(() -> new AssertionError("no container " + workload + " in " + workload));
    }

    private static Map<String, Object> labels(Map<String, Object> podTemplate) {
        return map(map(podTemplate.get("metadata")).get("labels"));
    }

    private static Map<String, Map<String, Object>> environment(Map<String, Object> container) {
        Map<String, Map<String, Object>> environment = new LinkedHashMap<>();
        maps(container.get("env")).forEach(variable -> environment.put((String) variable.get("name"), variable));
        return environment;
    }

    private static String value(Map<String, Map<String, Object>> environment, String name) {
        assertThat(environment).containsKey(name);
        return (String) environment.get(name).get("value");
    }

    /** The variables the container's own variables, command and arguments refer to as $(NAME). */
    private static Set<String> referencedVariables(Map<String, Object> container) {
        Set<String> referenced = new HashSet<>();
        maps(container.get("env")).forEach(variable -> referenced.addAll(references(variable.get("value"))));
        concat(strings(container.get("command")), strings(container.get("args"))).forEach(word -> referenced.addAll(references(word)));
        return referenced;
    }

    private static List<String> references(Object text) {
        List<String> names = new ArrayList<>();
        if (text instanceof String string) {
            Matcher matcher = VARIABLE_REFERENCE.matcher(string);
            while (matcher.find()) {
                names.add(matcher.group(1));
            }
        }
        return names;
    }

    /** The container port a probe or a service names, by number or by name; null when the container has none. */
    private static Integer containerPort(Map<String, Object> container, Object port) {
        return maps(container.get("ports")).stream()
                .filter(candidate -> port.equals(candidate.get("name")) || port.equals(candidate.get("containerPort")))
                .map(candidate -> (Integer) candidate.get("containerPort")).findFirst().orElse(null);
    }

    /** The health indicators of a service, by the names Spring Boot gives them (the bean's, less a suffix). */
    private static Set<String> healthIndicators(String basePackage) {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AssignableTypeFilter(HealthIndicator.class));
        Set<String> names = new HashSet<>();
        for (BeanDefinition candidate : scanner.findCandidateComponents(basePackage)) {
            String bean = AnnotationBeanNameGenerator.INSTANCE.generateBeanName(candidate, new SimpleBeanDefinitionRegistry());
            names.add(bean.replaceFirst("(HealthIndicator|HealthContributor)$", ""));
        }
        return names;
    }

    private static Object path(Map<String, Object> document, String... keys) {
        Object current = document;
        for (String key : keys) {
            current = current instanceof Map<?, ?> map ? map.get(key) : null;
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    private static <V> Map<String, V> map(Object value) {
        return value == null ? Map.of() : (Map<String, V>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> maps(Object value) {
        return value == null ? List.of() : (List<Map<String, Object>>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Object value) {
        return value == null ? List.of() : (List<String>) value;
    }

    private static <T> List<T> concat(List<T> first, List<T> second) {
        List<T> both = new ArrayList<>(first);
        both.addAll(second);
        return both;
    }
}
