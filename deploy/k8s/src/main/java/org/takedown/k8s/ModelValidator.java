package org.takedown.k8s;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Validates built-in Kubernetes objects by binding them to the fabric8 Kubernetes model (generated
 * from the Kubernetes OpenAPI of the version that the Quarkus BOM's fabric8 release targets): a
 * wrong type fails the binding, an unknown field lands in a model object's additional properties
 * and is reported (what {@code kubectl apply --validate=strict} rejects).
 */
public final class ModelValidator {

    /** apiVersion + kind → model class: the built-in kinds k8s/ may use, at the API versions we target. */
    private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.ofEntries(
            Map.entry("apps/v1 Deployment", Deployment.class),
            Map.entry("v1 Service", Service.class),
            Map.entry("v1 ConfigMap", ConfigMap.class),
            Map.entry("v1 Secret", Secret.class),
            Map.entry("v1 ServiceAccount", ServiceAccount.class),
            Map.entry("v1 Namespace", Namespace.class),
            Map.entry("policy/v1 PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("autoscaling/v2 HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
            Map.entry("networking.k8s.io/v1 NetworkPolicy", NetworkPolicy.class),
            Map.entry("networking.k8s.io/v1 Ingress", Ingress.class),
            Map.entry("v1 PersistentVolumeClaim", PersistentVolumeClaim.class),
            Map.entry("batch/v1 Job", Job.class));

    private static final String MODEL_PACKAGE = "io.fabric8.kubernetes.api.model";

    private final ObjectMapper mapper;

    public ModelValidator() {
        mapper = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
        // The API server does not turn "3" into 3 or 3 into "3"; neither may the binding.
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        for (LogicalType type : List.of(LogicalType.Integer, LogicalType.Float, LogicalType.Boolean)) {
            mapper.coercionConfigFor(type).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        }
    }

    public static boolean knows(JsonNode object) {
        return KINDS.containsKey(key(object));
    }

    /** The typed object, for checks that read it; empty when binding failed (the problem is reported). */
    public Optional<HasMetadata> validate(JsonNode object, Problems problems) {
        String where = Kustomize.id(object);
        Class<? extends HasMetadata> type = KINDS.get(key(object));
        if (type == null) {
            problems.add(where, "no schema for " + key(object));
            return Optional.empty();
        }
        HasMetadata bound;
        try {
            bound = mapper.treeToValue(object, type);
        } catch (Exception e) {
            problems.add(where, "does not match the Kubernetes schema: " + e.getMessage().lines().findFirst().orElse(""));
            return Optional.empty();
        }
        walk(bound, "", where, problems);
        return Optional.of(bound);
    }

    /** A custom resource's metadata, against the Kubernetes ObjectMeta (the API server checks it, not the CRD). */
    public void validateMetadata(JsonNode object, Problems problems) {
        String where = Kustomize.id(object);
        try {
            walk(mapper.treeToValue(object.path("metadata"), io.fabric8.kubernetes.api.model.ObjectMeta.class), "metadata", where, problems);
        } catch (Exception e) {
            problems.add(where, "metadata does not match the Kubernetes schema: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    private static String key(JsonNode object) {
        return object.path("apiVersion").asText() + " " + object.path("kind").asText();
    }

    private void walk(Object value, String path, String where, Problems problems) {
        if (value == null) {
            return;
        }
        if (value instanceof Collection<?> list) {
            int i = 0;
            for (Object item : list) {
                walk(item, path + "[" + i++ + "]", where, problems);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> walk(v, path + "[" + k + "]", where, problems));
            return;
        }
        if (value instanceof Quantity quantity) {
            try {
                quantity.getNumericalAmount();
            } catch (RuntimeException e) {
                problems.add(where, path + ": '" + quantity + "' is not a quantity");
            }
            return;
        }
        if (!value.getClass().getName().startsWith(MODEL_PACKAGE)) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || !getter.getName().startsWith("get") || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            Object child = invoke(getter, value);
            if (getter.getName().equals("getAdditionalProperties")) {
                if (child instanceof Map<?, ?> unknown && !unknown.isEmpty()) {
                    for (Object field : unknown.keySet()) {
                        problems.add(where, "unknown field " + path + "." + field);
                    }
                }
            } else {
                walk(child, path + "." + property(getter), where, problems);
            }
        }
    }

    private static Object invoke(Method getter, Object target) {
        try {
            return getter.invoke(target);
        } catch (IllegalAccessException | InvocationTargetException e) {
            return null;
        }
    }

    private static String property(Method getter) {
        String name = getter.getName().substring(3);
        return name.isEmpty() ? name : Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }
}
