package dev.strait.gateway.admin;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** JSON for admin replies. */
final class Json {
    static final JsonMapper MAPPER = JsonMapper.builder().build();

    private Json() {}

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static AdminReply reply(int status, ObjectNode body) {
        return AdminReply.json(status, MAPPER.writeValueAsBytes(body));
    }

    /** An error in the shape gateway-made errors have: {@code {"error": code, "message": ...}}. */
    static AdminReply error(int status, String code, String message) {
        return reply(status, object().put("error", code).put("message", message));
    }
}
