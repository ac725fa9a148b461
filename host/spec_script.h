/*
 * A spec script (.wast) as wast2json describes it in JSON: a list of
 * commands, each with its .wast line, the module file it names and the
 * action and values it carries. Loading checks the JSON's shape once, so
 * the runner's handlers read plain structs and never look at JSON.
 */
#ifndef RZ_HOST_SPEC_SCRIPT_H
#define RZ_HOST_SPEC_SCRIPT_H

#include <stdbool.h>
#include <stddef.h>

#include "spec_value.h"

typedef enum spec_command_kind {
    SPEC_CMD_MODULE,
    SPEC_CMD_REGISTER,
    SPEC_CMD_ACTION,
    SPEC_CMD_ASSERT_RETURN,
    SPEC_CMD_ASSERT_TRAP,
    SPEC_CMD_ASSERT_EXHAUSTION,
    SPEC_CMD_ASSERT_MALFORMED,
    SPEC_CMD_ASSERT_INVALID,
    SPEC_CMD_ASSERT_UNLINKABLE,
    SPEC_CMD_ASSERT_UNINSTANTIABLE,
    SPEC_CMD_KIND_COUNT
} spec_command_kind_t;

/* An "invoke" of an exported function or a "get" of an exported global. */
typedef struct spec_action {
    bool is_get;
    const char *module; /* the module's $name; NULL for the most recent module */
    const char *field;  /* the export's name */
    size_t arg_count;
    spec_value_t *args;
} spec_action_t;

/* Strings point into the script's JSON and live as long as the script. */
typedef struct spec_command {
    spec_command_kind_t kind;
    int line;             /* in the .wast */
    const char *filename; /* the module's file beside the JSON; NULL when none */
    bool text_module;     /* the module is text (.wat), not a binary */
    const char *name;     /* module: its $name; register: the module registered (NULL: the last) */
    const char *as;       /* register: the name imports will use */
    const char *text;     /* assert_*: the expected failure message */
    bool has_action;
    spec_action_t action;
    size_t expected_count;
    spec_value_t *expected;
} spec_command_t;

typedef struct spec_script {
    size_t count;
    spec_command_t *commands;
    void *json; /* the parsed JSON document, which owns the strings */
} spec_script_t;

/* Parses wast2json output; false and a message naming the command on error. */
bool spec_script_parse(const char *json_text, spec_script_t *script, char *err, size_t err_size);
void spec_script_free(spec_script_t *script);

/* The command's JSON name: "module", "assert_return", ... */
const char *spec_command_kind_name(spec_command_kind_t kind);

#endif
