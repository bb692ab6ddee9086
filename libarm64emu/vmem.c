/* Guest-virtual memory access for the host (arm64emu_vmem_*): the CPU's
 * current translation regime walked without side effects.
 *
 * Nothing guest-visible changes: no soft TLB fill, no cpu->fault, no
 * PAR_EL1, no Access flag update. The Access flag is not checked (a host
 * access is not the guest's first access to the page). Reads check no
 * permissions (a debugger reads what is mapped); writes need write
 * permission for the current EL's privilege (EL0 permissions at EL0;
 * PSTATE.PAN does not apply to the host). Writes go through the bus, so
 * pages become dirty and decoded code from them is dropped. */
#include <inttypes.h>
#include <string.h>

#include "bus.h"
#include "hostcall.h"
#include "machine.h"
#include "mmu.h"

int vmem_translate(machine_t *m, const cpu_t *c, const char *what,
                   uint64_t va, bool write, uint64_t *pa)
{
    mmu_regime_t rg;
    mmu_regime_of(c, mmu_current_idx(c), &rg);
    mmu_req_t req = {
        .va = va,
        .access = write ? MMU_WRITE : MMU_READ,
        .unpriv = c->el == 0,
        .cm = true,       /* no Access flag fault */
        .no_perm = !write,
    };
    mmu_result_t res;
    if (!mmu_walk(&rg, &m->bus, &req, &res))
        return machine_fail(m, ARM64EMU_ERR_UNMAPPED,
                            "%s: virtual address 0x%" PRIx64
                            " does not translate%s (fault status 0x%02x)",
                            what, va,
                            (res.fsc & 0x3c) == FSC_PERMISSION
                                ? " for writing"
                                : "",
                            res.fsc);
    const region_t *r = bus_find(&m->bus, res.pa);
    if (!r || !region_is_ram(r))
        return machine_fail(m, ARM64EMU_ERR_UNMAPPED,
                            "%s: virtual address 0x%" PRIx64
                            " maps guest-physical 0x%" PRIx64 ", which is %s",
                            what, va, res.pa, r ? "MMIO, not RAM" : "not mapped");
    *pa = res.pa;
    return ARM64EMU_OK;
}

static size_t page_chunk(uint64_t va, size_t left)
{
    uint64_t room = BUS_PAGE_SIZE - (va & (BUS_PAGE_SIZE - 1));
    return left < room ? left : (size_t)room;
}

static int vmem_check_args(machine_t *m, unsigned cpu, const char *what,
                           uint64_t va, const void *buf, size_t len)
{
    if (!buf && len)
        return machine_fail(m, ARM64EMU_ERR_INVALID_ARGUMENT,
                            "%s: buffer is NULL", what);
    if (cpu >= m->ncpus)
        return machine_fail(m, ARM64EMU_ERR_INVALID_ARGUMENT,
                            "%s: no CPU %u (the machine has %u)", what, cpu,
                            m->ncpus);
    if (len && va + (len - 1) < va)
        return machine_fail(m, ARM64EMU_ERR_INVALID_ARGUMENT,
                            "%s 0x%" PRIx64 " + %zu wraps", what, va, len);
    return ARM64EMU_OK;
}

int arm64emu_vmem_read(arm64emu_machine *m, unsigned cpu, uint64_t va,
                       void *buf, size_t len)
{
    if (!m)
        return ARM64EMU_ERR_INVALID_ARGUMENT;
    int rc = vmem_check_args(m, cpu, "vmem_read", va, buf, len);
    if (rc != ARM64EMU_OK)
        return rc;
    const cpu_t *c = &m->cpus[cpu];
    uint8_t *out = buf;
    for (size_t done = 0; done < len;) {
        uint64_t a = va + done, pa = 0;
        size_t n = page_chunk(a, len - done);
        rc = vmem_translate(m, c, "vmem_read", a, false, &pa);
        if (rc != ARM64EMU_OK)
            return rc;
        rc = bus_read(&m->bus, pa, out + done, n, m->err, sizeof(m->err));
        if (rc != ARM64EMU_OK)
            return rc;
        done += n;
    }
    return machine_ok(m);
}

int arm64emu_vmem_write(arm64emu_machine *m, unsigned cpu, uint64_t va,
                        const void *buf, size_t len)
{
    if (!m)
        return ARM64EMU_ERR_INVALID_ARGUMENT;
    int rc = vmem_check_args(m, cpu, "vmem_write", va, buf, len);
    if (rc != ARM64EMU_OK)
        return rc;
    const cpu_t *c = &m->cpus[cpu];
    /* Every page first, so that a failed write writes nothing. */
    for (size_t done = 0; done < len;) {
        uint64_t a = va + done, pa = 0;
        rc = vmem_translate(m, c, "vmem_write", a, true, &pa);
        if (rc != ARM64EMU_OK)
            return rc;
        done += page_chunk(a, len - done);
    }
    const uint8_t *in = buf;
    for (size_t done = 0; done < len;) {
        uint64_t a = va + done, pa = 0;
        size_t n = page_chunk(a, len - done);
        rc = vmem_translate(m, c, "vmem_write", a, true, &pa);
        if (rc == ARM64EMU_OK)
            rc = bus_write(&m->bus, pa, in + done, n, m->err, sizeof(m->err));
        if (rc != ARM64EMU_OK)
            return rc;
        done += n;
    }
    return machine_ok(m);
}
