/*
 * Every limit the engine imposes on a module, in one place. The values
 * follow the JS-API limits browsers share (so real programs that run in a
 * browser load here too) and are far above what the spec test suite needs.
 * docs/wasm-limits.md explains each one and who enforces it.
 *
 * The decoder checks counts and sizes before allocating, so a malformed or
 * hostile binary can make the engine allocate at most a small multiple of
 * its own size.
 */
#ifndef RZ_WASM_LIMITS_H
#define RZ_WASM_LIMITS_H

#define WASM_MAX_MODULE_SIZE (1024u * 1024 * 1024) /* bytes */
#define WASM_MAX_TYPES 1000000u
#define WASM_MAX_FUNCS 1000000u /* imported and defined */
#define WASM_MAX_IMPORTS 100000u
#define WASM_MAX_EXPORTS 100000u
#define WASM_MAX_GLOBALS 1000000u /* imported and defined */
#define WASM_MAX_TABLES 100000u   /* imported and defined */
#define WASM_MAX_MEMORIES 1u      /* WebAssembly 2.0 allows one */
#define WASM_MAX_ELEM_SEGMENTS 10000000u
#define WASM_MAX_ELEM_ITEMS 10000000u /* per element segment */
#define WASM_MAX_DATA_SEGMENTS 100000u
#define WASM_MAX_PARAMS 1000u        /* per function type */
#define WASM_MAX_RESULTS 1000u       /* per function type */
#define WASM_MAX_FUNC_SIZE 7654321u  /* bytes in one function body */
#define WASM_MAX_LOCALS 50000u       /* declared locals per function, params included */
#define WASM_MAX_NESTING 10000u      /* nested blocks, loops and ifs in one function */
#define WASM_MAX_BR_TABLE 65520u     /* labels in one br_table */
#define WASM_MAX_MEMORY_PAGES 65536u /* 4 GiB, the 2.0 ceiling for 32-bit memories */

#endif
