/* Loading wast2json's JSON into spec_command_t structs (see spec_script.h). */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spec_script.h"

static const char *const spec_kind_names[SPEC_CMD_KIND_COUNT] = {
    [SPEC_CMD_MODULE] = "module",
    [SPEC_CMD_REGISTER] = "register",
    [SPEC_CMD_ACTION] = "action",
    [SPEC_CMD_ASSERT_RETURN] = "assert_return",
    [SPEC_CMD_ASSERT_TRAP] = "assert_trap",
    [SPEC_CMD_ASSERT_EXHAUSTION] = "assert_exhaustion",
    [SPEC_CMD_ASSERT_MALFORMED] = "assert_malformed",
    [SPEC_CMD_ASSERT_INVALID] = "assert_invalid",
    [SPEC_CMD_ASSERT_UNLINKABLE] = "assert_unlinkable",
    [SPEC_CMD_ASSERT_UNINSTANTIABLE] = "assert_uninstantiable",
};

const char *spec_command_kind_name(spec_command_kind_t kind) {
    return kind < SPEC_CMD_KIND_COUNT ? spec_kind_names[kind] : "?";
}

/* The string member `key` of `obj`, or NULL when absent or not a string. */
static const char *get_string(const cJSON *obj, const char *key) {
    return cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(obj, key));
}

/* Parses one JSON value object ({"type": ..., "value": ...}) into `out`. */
static bool parse_value(const cJSON *json, spec_value_t *out, char *err, size_t err_size) {
    const char *type = get_string(json, "type");
    const cJSON *value = cJSON_GetObjectItemCaseSensitive(json, "value");
    const char *strings[16];
    size_t count = 0;
    if (type == NULL) {
        snprintf(err, err_size, "value without a type");
        return false;
    }
    if (cJSON_IsString(value)) {
        strings[count++] = value->valuestring;
    } else if (cJSON_IsArray(value)) {
        const cJSON *lane;
        cJSON_ArrayForEach(lane, value) {
            if (!cJSON_IsString(lane) || count == 16) {
                snprintf(err, err_size, "malformed %s lanes", type);
                return false;
            }
            strings[count++] = lane->valuestring;
        }
    } else if (value != NULL) {
        snprintf(err, err_size, "malformed %s value", type);
        return false;
    }
    return spec_value_parse(type, get_string(json, "lane_type"), strings, count, out, err,
                            err_size);
}

/* Parses the array `key` of value objects; an absent key is an empty list. */
static bool parse_values(const cJSON *obj, const char *key, spec_value_t **values, size_t *count,
                         char *err, size_t err_size) {
    const cJSON *array = cJSON_GetObjectItemCaseSensitive(obj, key);
    *values = NULL;
    *count = 0;
    if (array == NULL) {
        return true;
    }
    if (!cJSON_IsArray(array)) {
        snprintf(err, err_size, "\"%s\" is not an array", key);
        return false;
    }
    size_t n = (size_t)cJSON_GetArraySize(array);
    if (n == 0) {
        return true;
    }
    *values = calloc(n, sizeof **values);
    if (*values == NULL) {
        snprintf(err, err_size, "out of memory");
        return false;
    }
    const cJSON *item;
    cJSON_ArrayForEach(item, array) {
        if (!parse_value(item, &(*values)[*count], err, err_size)) {
            return false;
        }
        (*count)++;
    }
    return true;
}

static bool parse_action(const cJSON *json, spec_action_t *action, char *err, size_t err_size) {
    const char *type = get_string(json, "type");
    action->module = get_string(json, "module");
    action->field = get_string(json, "field");
    if (type == NULL || action->field == NULL ||
        (strcmp(type, "invoke") != 0 && strcmp(type, "get") != 0)) {
        snprintf(err, err_size, "malformed action");
        return false;
    }
    action->is_get = strcmp(type, "get") == 0;
    return parse_values(json, "args", &action->args, &action->arg_count, err, err_size);
}

static bool parse_kind(const char *name, spec_command_kind_t *kind) {
    for (int k = 0; name != NULL && k < SPEC_CMD_KIND_COUNT; k++) {
        if (strcmp(name, spec_kind_names[k]) == 0) {
            *kind = (spec_command_kind_t)k;
            return true;
        }
    }
    return false;
}

static bool parse_command(const cJSON *json, spec_command_t *cmd, char *err, size_t err_size) {
    const char *type = get_string(json, "type");
    const cJSON *line = cJSON_GetObjectItemCaseSensitive(json, "line");
    const cJSON *action = cJSON_GetObjectItemCaseSensitive(json, "action");
    const char *module_type = get_string(json, "module_type");
    cmd->line = cJSON_IsNumber(line) ? line->valueint : 0;
    if (!parse_kind(type, &cmd->kind)) {
        snprintf(err, err_size, "unknown command \"%s\"", type ? type : "(none)");
        return false;
    }
    cmd->filename = get_string(json, "filename");
    cmd->text_module = module_type != NULL && strcmp(module_type, "text") == 0;
    cmd->name = get_string(json, "name");
    cmd->as = get_string(json, "as");
    cmd->text = get_string(json, "text");
    cmd->has_action = action != NULL;
    if (cmd->has_action && !parse_action(action, &cmd->action, err, err_size)) {
        return false;
    }
    return parse_values(json, "expected", &cmd->expected, &cmd->expected_count, err, err_size);
}

bool spec_script_parse(const char *json_text, spec_script_t *script, char *err, size_t err_size) {
    memset(script, 0, sizeof *script);
    cJSON *root = cJSON_Parse(json_text);
    const cJSON *commands = cJSON_GetObjectItemCaseSensitive(root, "commands");
    script->json = root;
    if (!cJSON_IsArray(commands)) {
        snprintf(err, err_size, "not a wast2json script (no \"commands\" array)");
        spec_script_free(script);
        return false;
    }
    size_t n = (size_t)cJSON_GetArraySize(commands);
    script->commands = calloc(n > 0 ? n : 1, sizeof *script->commands);
    if (script->commands == NULL) {
        snprintf(err, err_size, "out of memory");
        spec_script_free(script);
        return false;
    }
    const cJSON *item;
    cJSON_ArrayForEach(item, commands) {
        spec_command_t *cmd = &script->commands[script->count++];
        char why[256];
        if (!parse_command(item, cmd, why, sizeof why)) {
            snprintf(err, err_size, "command %zu (line %d): %s", script->count, cmd->line, why);
            spec_script_free(script);
            return false;
        }
    }
    return true;
}

void spec_script_free(spec_script_t *script) {
    for (size_t i = 0; i < script->count; i++) {
        free(script->commands[i].action.args);
        free(script->commands[i].expected);
    }
    free(script->commands);
    cJSON_Delete(script->json);
    memset(script, 0, sizeof *script);
}
