package dev.elementkit.devportal.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * One element with its configuration, secrets masked ({@code GET /api/elements/{fullName}}).
 *
 * @param config       the configuration as its file holds it, {@code {{VAR}}} placeholders kept, secret fields
 *                     masked; null when the element's Type is not loaded (then nobody can tell which fields are
 *                     secret, so none is shown)
 * @param configHidden why {@code config} is null, else null
 * @param variables    the variables the configuration refers to, without their values
 * @param dataFiles    the files under {@code appData/} the element keeps its data in (relative to the app folder):
 *                     deleting the element leaves them unless the delete asks for {@code ?data=true}
 */
record ElementView(String fullName, String family, String type, String title, String status, String error,
                   ObjectNode config, String configHidden, List<VariableView> variables, List<String> dataFiles) {
}
