/*
 * Process life cycle (see process.h): spawn = code from the cache, imports
 * linked to syscalls, an instance; run = the entry under wasm_run_guarded;
 * a trap or an exit both come back to process_run through that guard (an
 * exit unwinds with wasm_platform_unwind), which records the outcome.
 */
#include "kernel/process.h"

#include "kernel/archive.h"
#include "kernel/console.h"
#include "kernel/kmalloc.h"
#include "kernel/loader.h"
#include "kernel/panic.h"
#include "kernel/wasm_platform.h"
#include "lib/fmt.h"
#include "lib/string.h"
#include "error.h"

/* Every process not yet destroyed; the running one. */
static struct process *processes;
static struct process *running;
static uint32_t next_pid = 1;
static struct process_stats stats;

/* The index of the function export PROCESS_ENTRY of type () -> (). */
static bool find_entry(const wasm_module_t *m, uint32_t *out, wasm_error_t *err) {
    for (uint32_t i = 0; i < m->export_count; i++) {
        const wasm_export_t *x = &m->exports[i];
        if (x->kind == WASM_EXTERN_FUNC &&
            wasm_name_eq(x->name, PROCESS_ENTRY, sizeof PROCESS_ENTRY - 1)) {
            const wasm_functype_t *t = wasm_func_type(m, x->index);
            if (t->param_count != 0 || t->result_count != 0 || x->index < m->func_import_count) {
                wasm_error_set(err, x->offset, "%s must be a function of type [] -> []",
                               PROCESS_ENTRY);
                return false;
            }
            *out = x->index;
            return true;
        }
    }
    wasm_error_set(err, 0, "no %s export", PROCESS_ENTRY);
    return false;
}

/* Links and instantiates p's code. */
static bool instantiate(struct process *p, wasm_error_t *err) {
    const wasm_module_t *m = p->code->module;
    uint32_t n = m->func_import_count;
    wasm_func_ref_t *imports = kmalloc((n ? n : 1) * sizeof *imports);
    if (imports == NULL) {
        wasm_error_set(err, 0, "out of memory");
        return false;
    }
    bool ok = find_entry(m, &p->entry, err) && loader_link(m, imports, err);
    if (ok) {
        p->inst = wasm_instantiate(&p->code->loaded, imports, err);
        ok = p->inst != NULL;
    }
    kfree(imports);
    return ok;
}

struct process *process_spawn(const char *name, const uint8_t *bytes, size_t size,
                              wasm_error_t *err) {
    struct process *p = kmalloc(sizeof *p);
    if (p == NULL) {
        wasm_error_set(err, 0, "out of memory");
        return NULL;
    }
    *p = (struct process){.state = PROCESS_READY};
    strlcpy(p->name, name, sizeof p->name);
    p->code = codecache_get(bytes, size, err);
    if (p->code == NULL || !instantiate(p, err)) {
        if (p->code != NULL) {
            codecache_put(p->code);
        }
        kfree(p);
        return NULL;
    }
    p->pid = next_pid++;
    p->next = processes;
    processes = p;
    stats.live++;
    stats.spawned++;
    return p;
}

struct process *process_spawn_from_archive(const char *path, wasm_error_t *err) {
    const uint8_t *base;
    size_t size;
    struct archive_entry e;
    if (!loader_boot_archive(&base, &size)) {
        wasm_error_set(err, 0, "no boot archive");
        return NULL;
    }
    enum archive_status s = archive_find(base, size, path, &e);
    if (s != ARCHIVE_OK) {
        wasm_error_set(err, 0, "%s: %s", path,
                       s == ARCHIVE_END ? "not in the boot archive" : "boot archive is malformed");
        return NULL;
    }
    const char *base_name = path;
    for (const char *c = path; *c != '\0'; c++) {
        if (*c == '/') {
            base_name = c + 1;
        }
    }
    return process_spawn(base_name, e.data, (size_t)e.size, err);
}

/* The name of function `func` from the name section, or "func[N]". */
static void func_name(const wasm_module_t *m, uint32_t func, char *out, size_t size) {
    if (func < m->func_count && m->funcs[func].name.len > 0) {
        fmt_snprintf(out, size, "%.*s", (int)m->funcs[func].name.len, m->funcs[func].name.bytes);
    } else {
        fmt_snprintf(out, size, "func[%u]", func);
    }
}

static void report_trap(const struct process *p) {
    char fn[64];
    func_name(p->code->module, p->trap.func, fn, sizeof fn);
    kprintf("process %s (pid %u) trapped: %s in %s at offset 0x%x\n", p->name, p->pid,
            wasm_trap_message(p->trap.kind), fn, p->trap.wasm_offset);
}

void process_run(struct process *p) {
    if (p->state != PROCESS_READY) {
        panic("process_run: %s (pid %u) is not ready", p->name, p->pid);
    }
    uint64_t vals[1] = {0};
    wasm_trap_t trap;
    struct process *outer = running;
    running = p;
    p->state = PROCESS_RUNNING;
    bool returned = wasm_invoke(p->inst, p->entry, vals, &trap);
    running = outer;
    if (returned) {
        p->state = PROCESS_EXITED;
        p->exit_status = 0;
    } else if (p->state == PROCESS_RUNNING) {
        /* not an exit: a trap (the entry's type was checked at spawn, so
         * wasm_invoke cannot have refused the call) */
        p->state = PROCESS_TRAPPED;
        p->trap = trap;
        stats.trapped++;
        report_trap(p);
    }
}

void process_exit(struct process *p, int32_t status) {
    if (p != running || p->state != PROCESS_RUNNING) {
        panic("process_exit: pid %u is not the running process", p->pid);
    }
    p->state = PROCESS_EXITED;
    p->exit_status = status;
    wasm_platform_unwind();
}

void process_destroy(struct process *p) {
    if (p->state == PROCESS_RUNNING) {
        panic("process_destroy: pid %u is running", p->pid);
    }
    struct process **link = &processes;
    while (*link != p) {
        link = &(*link)->next;
    }
    *link = p->next;
    wasm_instance_free(p->inst);
    codecache_put(p->code);
    kfree(p);
    stats.live--;
}

struct process *process_from_ctx(wasm_ctx_t *ctx) {
    for (struct process *p = processes; p != NULL; p = p->next) {
        if (&p->inst->ctx == ctx) {
            return p;
        }
    }
    panic("process_from_ctx: %p is no process's context", (void *)ctx);
}

struct process_stats process_stats(void) {
    return stats;
}
