package dev.ebpfexporter.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.Yaml;

/**
 * The deployment files of deploy/ read the way their tools read them: kustomize builds rendered by
 * {@code kubectl kustomize}, the exporter's command line resolved from the rendered DaemonSet (its
 * {@code $(VAR)} references filled from env and the generated ConfigMap), the systemd unit's
 * ExecStart expanded with its Environment= lines, the JVM flags of deploy/jvm.options as the java
 * launcher reads that @file. Shared by the manifest test and the capability IT.
 */
public final class DeployFiles {
    public static final Path DEPLOY = Path.of("../deploy");
    public static final Path KUBERNETES_BASE = DEPLOY.resolve("kubernetes/base");
    public static final Path SYSTEMD_UNIT = DEPLOY.resolve("systemd/ebpf-exporter.service");
    public static final Path CONFIGS = Path.of("../configs");
    /** The JVM flags every launcher uses, as a java @file. */
    public static final Path JVM_OPTIONS = DEPLOY.resolve("jvm.options");
    /** Where the systemd unit and the image find deploy/jvm.options. */
    public static final String INSTALLED_JVM_OPTIONS = "/opt/ebpf-exporter/jvm.options";
    private static final Pattern K8S_VARIABLE = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");
    private static final Pattern UNIT_VARIABLE = Pattern.compile("\\$([A-Za-z_][A-Za-z0-9_]*)");
    private static final Pattern UNIT_ASSIGNMENT = Pattern.compile("\"?([A-Za-z_][A-Za-z0-9_]*)=(.*?)\"?");

    private DeployFiles() {}

    /** The output of a command that must succeed; a failure carries the command's own report. */
    public static String run(List<String> command, String stdin) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (var in = process.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
        }
        return output;
    }

    /** Every object a kustomization renders to, in kubectl's order. */
    public static List<Map<String, Object>> kustomize(Path directory) throws IOException, InterruptedException {
        String rendered = run(List.of("kubectl", "kustomize", directory.toString()), "");
        List<Map<String, Object>> objects = new ArrayList<>();
        for (Object document : new Yaml().loadAll(rendered)) {
            objects.add(map(document));
        }
        return objects;
    }

    public static Map<String, Object> only(List<Map<String, Object>> objects, String kind) {
        List<Map<String, Object>> ofKind = objects.stream().filter(o -> kind.equals(o.get("kind"))).toList();
        if (ofKind.size() != 1) {
            throw new IllegalStateException("expected one " + kind + ", found " + ofKind.size());
        }
        return ofKind.get(0);
    }

    /** The DaemonSet's one container. */
    public static Map<String, Object> exporterContainer(List<Map<String, Object>> objects) {
        List<Object> containers = list(path(only(objects, "DaemonSet"), "spec", "template", "spec", "containers"));
        if (containers.size() != 1) {
            throw new IllegalStateException("expected one container, found " + containers.size());
        }
        return map(containers.get(0));
    }

    /** The container's environment with configMapKeyRef values read from the rendered ConfigMap. */
    public static Map<String, String> environment(List<Map<String, Object>> objects) {
        Map<String, Object> configMap = only(objects, "ConfigMap");
        Map<String, String> environment = new LinkedHashMap<>();
        for (Object entry : list(exporterContainer(objects).get("env"))) {
            Map<String, Object> variable = map(entry);
            if (variable.containsKey("value")) {
                environment.put((String) variable.get("name"), (String) variable.get("value"));
            } else {
                Map<String, Object> ref = map(path(variable, "valueFrom", "configMapKeyRef"));
                if (!ref.get("name").equals(path(configMap, "metadata", "name"))) {
                    throw new IllegalStateException("env " + variable.get("name") + " names ConfigMap " + ref.get("name"));
                }
                environment.put((String) variable.get("name"), (String) map(configMap.get("data")).get(ref.get("key")));
            }
        }
        return environment;
    }

    /** The container's JVM options: JDK_JAVA_OPTIONS, which the java launcher puts before its own arguments. */
    public static List<String> containerJvmOptions(List<Map<String, Object>> objects) {
        return words(environment(objects).get("JDK_JAVA_OPTIONS"));
    }

    /** The flags of deploy/jvm.options: words separated by whitespace, {@code #} comments to the end of a line. */
    public static List<String> jvmOptions() throws IOException {
        List<String> flags = new ArrayList<>();
        for (String line : Files.readAllLines(JVM_OPTIONS)) {
            flags.addAll(words(line.replaceFirst("#.*", "")));
        }
        return flags;
    }

    /** JVM options as a java started here runs them: the installed @file is deploy/jvm.options. */
    public static List<String> local(List<String> jvmOptions) {
        return jvmOptions.stream().map(o -> o.equals("@" + INSTALLED_JVM_OPTIONS) ? "@" + JVM_OPTIONS : o).toList();
    }

    /** The container's args with $(VAR) expanded as the kubelet does. */
    public static List<String> exporterArgs(List<Map<String, Object>> objects) {
        Map<String, String> environment = environment(objects);
        return list(exporterContainer(objects).get("args")).stream()
                .map(arg -> expand(K8S_VARIABLE.matcher((String) arg), environment)).toList();
    }

    /** The unit's [Service] settings; a repeated key (Environment=) keeps every value in order. */
    public static Map<String, List<String>> unitSettings() throws IOException {
        Map<String, List<String>> settings = new LinkedHashMap<>();
        for (String line : Files.readAllLines(SYSTEMD_UNIT)) {
            int equals = line.indexOf('=');
            if (!line.startsWith("#") && equals > 0) {
                settings.computeIfAbsent(line.substring(0, equals), k -> new ArrayList<>()).add(line.substring(equals + 1));
            }
        }
        return settings;
    }

    public static Map<String, String> unitEnvironment() throws IOException {
        Map<String, String> environment = new LinkedHashMap<>();
        for (String assignment : unitSettings().getOrDefault("Environment", List.of())) {
            Matcher matcher = UNIT_ASSIGNMENT.matcher(assignment);
            if (!matcher.matches()) {
                throw new IllegalStateException("Environment=" + assignment);
            }
            environment.put(matcher.group(1), matcher.group(2));
        }
        return environment;
    }

    /** ExecStart split into words with $VAR expanded and split again, as systemd does for unquoted $VAR. */
    public static List<String> unitCommand() throws IOException {
        Map<String, String> environment = unitEnvironment();
        List<String> command = new ArrayList<>();
        for (String word : words(unitSettings().get("ExecStart").get(0))) {
            command.addAll(words(expand(UNIT_VARIABLE.matcher(word), environment)));
        }
        return command;
    }

    /** Whitespace-separated words; none for a blank string (an empty $VAR expands to no argument). */
    private static List<String> words(String text) {
        return text.isBlank() ? List.of() : Arrays.asList(text.strip().split("\\s+"));
    }

    /** The unit's exporter arguments: what follows {@code -jar JAR}. */
    public static List<String> unitExporterArgs() throws IOException {
        List<String> command = unitCommand();
        return command.subList(command.indexOf("-jar") + 2, command.size());
    }

    /** The unit's JVM options: what lies between the java binary and {@code -jar}. */
    public static List<String> unitJvmOptions() throws IOException {
        List<String> command = unitCommand();
        return command.subList(1, command.indexOf("-jar"));
    }

    private static String expand(Matcher matcher, Map<String, String> environment) {
        return matcher.replaceAll(m -> {
            String value = environment.get(m.group(1));
            if (value == null) {
                throw new IllegalStateException("undefined variable " + m.group());
            }
            return Matcher.quoteReplacement(value);
        });
    }

    public static Object path(Map<String, Object> object, String... keys) {
        Object current = object;
        for (String key : keys) {
            current = map(current).get(key);
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    public static List<Object> list(Object value) {
        return (List<Object>) value;
    }
}
