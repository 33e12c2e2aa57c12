package org.takedown.k8s;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;

/** Renders one overlay and runs every check on it; what CI runs for each directory under k8s/overlays. */
public final class OverlayValidator {

    private final Project project;
    private final ModelValidator model = new ModelValidator();
    private final CrdSchemas crds = CrdSchemas.shared();

    public OverlayValidator(Project project) {
        this.project = project;
    }

    public Problems validate(Path overlay) {
        Problems problems = new Problems();
        List<ObjectNode> objects;
        try {
            objects = Kustomize.build(overlay);
        } catch (ManifestException e) {
            problems.add(overlay.toString(), "kustomize build failed: " + e.getMessage());
            return problems;
        }
        for (ObjectNode object : objects) {
            if (ModelValidator.knows(object)) {
                model.validate(object, problems);
            } else if (crds.knows(object)) {
                crds.validate(object, problems);
                model.validateMetadata(object, problems);
            } else {
                problems.add(Kustomize.id(object), "no Kubernetes or CRD schema for this apiVersion and kind");
            }
        }
        ManifestChecks.check(objects, problems);
        ProjectChecks.check(objects, project, problems);
        return problems;
    }
}
