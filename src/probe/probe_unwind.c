/*
 * probe_unwind.c - whether a blocked thread's calls pass through a given ntdll function.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The waiter's frames between its system call and the function asked about all lie in
 * ntdll, which sits at the same address in every process of a prefix (Wine) or a boot
 * (Windows): the caller's own ntdll image, and its unwind data (.pdata/.xdata, x86_64),
 * describe the target's code exactly. Only the stack is the target's: it is copied once,
 * up to the end of its mapped region, and every word the unwind reads comes from that copy
 * (a value outside it ends the unwind: nothing of the caller is ever read as the target's).
 * The unwind codes are interpreted here, not by RtlVirtualUnwind, which would dereference
 * the target's addresses in the caller's memory; the function table is searched here too,
 * not by RtlLookupFunctionEntry, which may take locks the inspected program holds.
 *
 * i686 has no unwind data: there the frames are followed by their saved frame pointers
 * (Wine's and Windows' ntdll keep them), and the range of a function is bounded by the
 * next exported function (ntdll_next_export).
 */

#include <string.h>

#include "probe_internal.h"

/* Frames followed at most from the system call up to the function asked about (Wine 10:
 * stub, RtlWaitOnAddress, RtlpWaitForCriticalSection, RtlEnterCriticalSection). */
#define UNWIND_MAX_FRAMES 8

/* Bytes of the waiter's stack copied at most (on the caller's stack: the probe allocates
 * nothing where the target may hold the heap's lock). */
#define UNWIND_STACK_BYTES 4096

/* The waiter's stack as copied: [base, base + size) in its process. */
struct unwind_stack
{
    ULONG_PTR base;
    SIZE_T size;
    ULONG_PTR words[UNWIND_STACK_BYTES / sizeof(ULONG_PTR)];
};

/***********************************************************************
 *      stack_word   (internal)
 *
 * The word at address in the copied stack; FALSE outside the copy.
 */
static BOOL stack_word(const struct unwind_stack *stack, ULONG_PTR address, ULONG_PTR *value)
{
    if (address < stack->base || address % sizeof(ULONG_PTR)
        || address - stack->base > stack->size - sizeof(ULONG_PTR))
        return FALSE;
    *value = stack->words[(address - stack->base) / sizeof(ULONG_PTR)];
    return TRUE;
}

/***********************************************************************
 *      stack_copy   (internal)
 *
 * Copies the waiter's stack from sp to the end of its mapped region (or the copy's size).
 */
static BOOL stack_copy(HANDLE process, ULONG_PTR sp, struct unwind_stack *stack)
{
    stack->base = sp;
    stack->size = probe_thread_read_extent(process, sp, stack->words, sizeof(stack->words));
    stack->size -= stack->size % sizeof(ULONG_PTR);
    return stack->size != 0;
}

#if defined(__x86_64__)

/* Unwind operations (Microsoft's x64 exception handling documentation). */
enum unwind_op
{
    UNWIND_PUSH_NONVOL = 0,
    UNWIND_ALLOC_LARGE = 1,
    UNWIND_ALLOC_SMALL = 2,
    UNWIND_SET_FPREG = 3,
    UNWIND_SAVE_NONVOL = 4,
    UNWIND_SAVE_NONVOL_FAR = 5,
    UNWIND_EPILOG = 6,
    UNWIND_SAVE_XMM128 = 8,
    UNWIND_SAVE_XMM128_FAR = 9,
    UNWIND_PUSH_MACHFRAME = 10,
};

#define UNWIND_FLAG_CHAININFO 0x4

/* UNWIND_INFO's fixed part; the codes (two bytes each) follow. */
struct unwind_info
{
    BYTE version_flags;              /* version: bits 0-2, flags: bits 3-7 */
    BYTE prolog_size;
    BYTE code_count;
    BYTE frame;                      /* register: bits 0-3, offset / 16: bits 4-7 */
    BYTE codes[][2];                 /* offset in prolog, op (bits 0-3) and info (4-7) */
};

/* A frame's integer registers (x86_64 numbering: Rax 0 ... Rsp 4, Rbp 5 ... R15 15). */
struct unwind_frame
{
    ULONG_PTR ip;
    ULONG_PTR reg[16];
};

#define UNWIND_RSP 4

/***********************************************************************
 *      function_find   (internal)
 *
 * ntdll's RUNTIME_FUNCTION that holds ip (a binary search of its sorted .pdata).
 */
static const RUNTIME_FUNCTION *function_find(const struct probe_nt *nt, ULONG_PTR ip)
{
    const RUNTIME_FUNCTION *table = nt->ntdll_functions;
    ULONG low = 0, high = nt->ntdll_function_count;
    ULONG rva;

    if (!table || ip < nt->ntdll_base || ip >= nt->ntdll_end) return NULL;
    rva = (ULONG)(ip - nt->ntdll_base);
    while (low < high)
    {
        ULONG middle = low + (high - low) / 2;

        if (rva < table[middle].BeginAddress) high = middle;
        else if (rva >= table[middle].EndAddress) low = middle + 1;
        else return &table[middle];
    }
    return NULL;
}

/***********************************************************************
 *      info_at   (internal)
 *
 * The UNWIND_INFO at rva in ntdll, if it lies inside the image.
 */
static const struct unwind_info *info_at(const struct probe_nt *nt, ULONG rva)
{
    if (rva < 0x1000 || rva >= nt->ntdll_end - nt->ntdll_base - sizeof(struct unwind_info))
        return NULL;
    return (const struct unwind_info *)(nt->ntdll_base + rva);
}

/***********************************************************************
 *      code_slots   (internal)
 *
 * How many two-byte slots an unwind operation takes (itself and its operand).
 */
static unsigned int code_slots(unsigned int op, unsigned int op_info)
{
    switch (op)
    {
    case UNWIND_ALLOC_LARGE: return op_info ? 3 : 2;
    case UNWIND_SAVE_NONVOL: case UNWIND_EPILOG: case UNWIND_SAVE_XMM128: return 2;
    case UNWIND_SAVE_NONVOL_FAR: case UNWIND_SAVE_XMM128_FAR: return 3;
    default: return 1;
    }
}

/***********************************************************************
 *      code_operand   (internal)
 *
 * The operand in the slots after the operation at index (16 or 32 bits, little-endian).
 */
static ULONG_PTR code_operand(const struct unwind_info *info, unsigned int index,
                              unsigned int slots)
{
    ULONG_PTR operand = 0;

    if (slots > 1) operand = info->codes[index + 1][0] | (info->codes[index + 1][1] << 8);
    if (slots > 2)
        operand |= (ULONG_PTR)(info->codes[index + 2][0] | (info->codes[index + 2][1] << 8)) << 16;
    return operand;
}

/***********************************************************************
 *      apply_code   (internal)
 *
 * Undoes one prolog operation on frame (base: the frame's fixed stack address). FALSE on a
 * word outside the copied stack or an operation the probe does not follow.
 */
static BOOL apply_code(unsigned int op, unsigned int op_info, ULONG_PTR operand, ULONG_PTR base,
                       const struct unwind_stack *stack, struct unwind_frame *frame)
{
    switch (op)
    {
    case UNWIND_PUSH_NONVOL:
        if (!stack_word(stack, frame->reg[UNWIND_RSP], &frame->reg[op_info])) return FALSE;
        frame->reg[UNWIND_RSP] += sizeof(ULONG_PTR);
        return TRUE;
    case UNWIND_ALLOC_LARGE:
        frame->reg[UNWIND_RSP] += op_info ? operand : operand * 8;
        return TRUE;
    case UNWIND_ALLOC_SMALL:
        frame->reg[UNWIND_RSP] += op_info * 8 + 8;
        return TRUE;
    case UNWIND_SET_FPREG:
        frame->reg[UNWIND_RSP] = base;
        return TRUE;
    case UNWIND_SAVE_NONVOL:
        return stack_word(stack, base + operand * 8, &frame->reg[op_info]);
    case UNWIND_SAVE_NONVOL_FAR:
        return stack_word(stack, base + operand, &frame->reg[op_info]);
    case UNWIND_EPILOG:
    case UNWIND_SAVE_XMM128:
    case UNWIND_SAVE_XMM128_FAR:
        return TRUE;                 /* nothing an integer unwind needs */
    default:
        return FALSE;                /* a machine frame: no C function's, not followed */
    }
}

/***********************************************************************
 *      apply_codes   (internal)
 *
 * Undoes one UNWIND_INFO's prolog on frame (those of its operations already done when
 * ip_offset bytes of the function ran; chained entries' all).
 */
static BOOL apply_codes(const struct unwind_info *info, ULONG ip_offset, BOOL primary,
                        const struct unwind_stack *stack, struct unwind_frame *frame)
{
    BOOL prolog_done = !primary || ip_offset >= info->prolog_size;
    ULONG_PTR base = frame->reg[UNWIND_RSP];
    unsigned int frame_reg = info->frame & 0x0f;
    unsigned int i, slots;

    if ((info->version_flags & 7) != 1 && (info->version_flags & 7) != 2) return FALSE;
    if (frame_reg && prolog_done)
        base = frame->reg[frame_reg] - (ULONG_PTR)(info->frame >> 4) * 16;
    for (i = 0; i < info->code_count; i += slots)
    {
        unsigned int op = info->codes[i][1] & 0x0f, op_info = info->codes[i][1] >> 4;

        slots = code_slots(op, op_info);
        if (i + slots > info->code_count) return FALSE;
        if (!prolog_done && info->codes[i][0] > ip_offset) continue;
        if (!apply_code(op, op_info, code_operand(info, i, slots), base, stack, frame))
            return FALSE;
    }
    return TRUE;
}

/***********************************************************************
 *      unwind_one   (internal)
 *
 * frame, inside ntdll, becomes its caller's. A function without an entry is a leaf (the
 * system call stubs): its return address is at Rsp.
 */
static BOOL unwind_one(const struct probe_nt *nt, const struct unwind_stack *stack,
                       struct unwind_frame *frame)
{
    const RUNTIME_FUNCTION *function = function_find(nt, frame->ip);
    ULONG ip_offset;
    BOOL primary = TRUE;
    int chain;

    if (frame->ip < nt->ntdll_base || frame->ip >= nt->ntdll_end) return FALSE;
    if (function)
    {
        ip_offset = (ULONG)(frame->ip - nt->ntdll_base) - function->BeginAddress;
        for (chain = 0; chain < UNWIND_MAX_FRAMES; chain++)
        {
            const struct unwind_info *info = info_at(nt, function->UnwindData);
            const RUNTIME_FUNCTION *chained;

            if (!info || !apply_codes(info, ip_offset, primary, stack, frame)) return FALSE;
            if (!(info->version_flags >> 3 & UNWIND_FLAG_CHAININFO)) break;
            chained = (const RUNTIME_FUNCTION *)&info->codes[(info->code_count + 1) & ~1u];
            if ((ULONG_PTR)(chained + 1) > nt->ntdll_end) return FALSE;
            function = chained;
            primary = FALSE;
        }
        if (chain == UNWIND_MAX_FRAMES) return FALSE;
    }
    if (!stack_word(stack, frame->reg[UNWIND_RSP], &frame->ip)) return FALSE;
    frame->reg[UNWIND_RSP] += sizeof(ULONG_PTR);
    return TRUE;
}

BOOL probe_unwind_reaches(const struct probe_nt *nt, HANDLE process,
                          const struct probe_capture *capture, ULONG_PTR function)
{
    static const int nonvolatile_reg[8] = { 3, 5, 6, 7, 12, 13, 14, 15 };
    const RUNTIME_FUNCTION *target = function_find(nt, function);
    struct unwind_stack stack;
    struct unwind_frame frame;
    int i;

    if (!target || !stack_copy(process, capture->sp, &stack)) return FALSE;
    memset(&frame, 0, sizeof(frame));
    frame.ip = capture->ip;
    frame.reg[UNWIND_RSP] = capture->sp;
    for (i = 0; i < 8; i++) frame.reg[nonvolatile_reg[i]] = capture->nonvolatile[i];
    for (i = 0; i < UNWIND_MAX_FRAMES; i++)
    {
        if (!unwind_one(nt, &stack, &frame)) return FALSE;
        if (function_find(nt, frame.ip) == target) return TRUE;
    }
    return FALSE;
}

#elif defined(__i386__)

/***********************************************************************
 *      function_holds   (internal)
 *
 * ip lies in the function that starts at function: before the next exported function, and
 * past the call that a return address follows.
 */
static BOOL function_holds(const struct probe_nt *nt, ULONG_PTR function, ULONG_PTR ip)
{
    return ip > function && ip < nt->enter_critsec_end;
}

BOOL probe_unwind_reaches(const struct probe_nt *nt, HANDLE process,
                          const struct probe_capture *capture, ULONG_PTR function)
{
    struct unwind_stack stack;
    ULONG_PTR frame = capture->nonvolatile[1], ip;  /* Ebp */
    int i;

    if (!function || function != nt->enter_critsec || !stack_copy(process, capture->sp, &stack))
        return FALSE;
    /* Each frame's Ebp points at its caller's Ebp, followed by the return address; frames
     * only go up the stack. */
    for (i = 0; i < UNWIND_MAX_FRAMES; i++)
    {
        ULONG_PTR caller;

        if (!stack_word(&stack, frame, &caller) || !stack_word(&stack, frame + 4, &ip))
            return FALSE;
        if (function_holds(nt, function, ip)) return TRUE;
        if (ip < nt->ntdll_base || ip >= nt->ntdll_end || caller <= frame) return FALSE;
        frame = caller;
    }
    return FALSE;
}

#else
#error "the probe knows x86_64 and i686 stacks only"
#endif
