/*
 * probe_nt.c - the NT exports the probe uses, and which system call a stub address is.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Everything here is looked up once per process lifetime (InitOnce) and then only read.
 * The first lookup is made by DllMain(PROCESS_ATTACH) (dllmain.c): GetModuleHandle,
 * GetProcAddress and LoadLibrary take the loader lock, which the loader holds there anyway,
 * while on the inspection path they would hang behind any thread stuck in a DllMain, the
 * very hang WCT is asked about. ntdll and win32u sit at the same address in every process
 * of a boot (Windows) or of a prefix (Wine), so one table serves the caller's and other
 * processes.
 */

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "probe_internal.h"

static INIT_ONCE nt_once = INIT_ONCE_STATIC_INIT;
static struct probe_nt nt_table;
static BOOL nt_ready;
static LONG nt_win32u_added;          /* win32u's stubs are in the table */
static HMODULE nt_win32u_module;      /* win32u as probe_nt_prepare loaded it (never freed) */
static void *nt_notification;         /* the loader notification's cookie (never removed: the
                                         DLL is pinned) */

struct stub_name
{
    enum probe_syscall kind;
    const char *name;
};

/* The wait system calls in ntdll (each kind may have two exports). */
static const struct stub_name ntdll_stubs[] =
{
    { PROBE_SYSCALL_WAIT_SINGLE, "NtWaitForSingleObject" },
    { PROBE_SYSCALL_WAIT_MULTIPLE, "NtWaitForMultipleObjects" },
    { PROBE_SYSCALL_SIGNAL_AND_WAIT, "NtSignalAndWaitForSingleObject" },
    { PROBE_SYSCALL_DELAY, "NtDelayExecution" },
    { PROBE_SYSCALL_ALERT_BY_ID, "NtWaitForAlertByThreadId" },
    { PROBE_SYSCALL_KEYED_EVENT, "NtWaitForKeyedEvent" },
    { PROBE_SYSCALL_IO_COMPLETION, "NtRemoveIoCompletion" },
    { PROBE_SYSCALL_IO_COMPLETION, "NtRemoveIoCompletionEx" },
    { PROBE_SYSCALL_PORT, "NtReplyWaitReceivePort" },
    { PROBE_SYSCALL_FILE_IO, "NtReadFile" },
    { PROBE_SYSCALL_FILE_IO, "NtWriteFile" },
    { PROBE_SYSCALL_FILE_IO, "NtFsControlFile" },
    { PROBE_SYSCALL_FILE_IO, "NtDeviceIoControlFile" },
};

/* The message waits in win32u (Windows 10+ and Wine 8; absent on older Windows, where these
 * calls live unexported in user32 and the probe does not recognise them). */
static const struct stub_name win32u_stubs[] =
{
    { PROBE_SYSCALL_MESSAGE_CALL, "NtUserMessageCall" },
    { PROBE_SYSCALL_MSG_WAIT, "NtUserMsgWaitForMultipleObjectsEx" },
    { PROBE_SYSCALL_GET_MESSAGE, "NtUserGetMessage" },
    { PROBE_SYSCALL_GET_MESSAGE, "NtUserWaitMessage" },
};

/* Largest syscall stub the probe assumes (x86_64 Windows and Wine: 32 bytes). */
#define PROBE_MAX_STUB_SIZE 32

/* Every other system call stub (PROBE_SYSCALL_OTHER): ntdll's, sorted, filled before the
 * table is ready; win32u's, sorted, published by its count once filled (readers take the
 * count first). Wine 8 has about 480 and 1,250. */
#define NT_MAX_OTHER_STUBS 2048
static ULONG_PTR nt_other_ntdll[NT_MAX_OTHER_STUBS];
static LONG nt_other_ntdll_count;
static ULONG_PTR nt_other_win32u[NT_MAX_OTHER_STUBS];
static LONG nt_other_win32u_count;

/* System calls known not to wait: a thread in one of them is runnable. */
static const char *const nt_not_waits[] =
{
    "NtYieldExecution",   /* SwitchToThread: gives up the rest of its time slice */
    "NtContinue",         /* a new thread's first context (Wine), exception and APC returns */
    "NtContinueEx",
    "NtTestAlert",        /* runs queued APCs */
    "NtRaiseException",   /* hands an exception to the handlers */
    "NtCallbackReturn",   /* the end of a user callback */
};

/***********************************************************************
 *      nt_add_stubs   (internal)
 *
 * Records the export address of each named stub of module.
 */
static void nt_add_stubs(HMODULE module, const struct stub_name *names, size_t count)
{
    size_t i;

    for (i = 0; i < count; i++)
    {
        ULONG_PTR address = (ULONG_PTR)(void *)GetProcAddress(module, names[i].name);
        ULONG_PTR *slot = nt_table.stub[names[i].kind];
        int j;

        if (!address) continue;
        for (j = 0; j < PROBE_STUBS_PER_KIND && slot[j]; j++) {}
        if (j < PROBE_STUBS_PER_KIND) slot[j] = address;
    }
}

/***********************************************************************
 *      nt_is_stub_code   (internal)
 *
 * Whether the code at address starts as a system call stub does: x86_64 (Windows and Wine)
 * "mov r10, rcx; mov eax, imm32"; i686 "mov eax, imm32". Functions exported under Nt names
 * that are no system call (NtCurrentTeb, NtGetTickCount on Wine) start otherwise.
 */
static BOOL nt_is_stub_code(ULONG_PTR address)
{
    const BYTE *code = (const BYTE *)address;

#if defined(__x86_64__)
    return code[0] == 0x4c && code[1] == 0x8b && code[2] == 0xd1 && code[3] == 0xb8;
#else
    return code[0] == 0xb8;
#endif
}

/***********************************************************************
 *      nt_known_kind   (internal)
 *
 * Whether name is one of the stubs the probe tells apart, or known not to wait.
 */
static BOOL nt_known_kind(const char *name)
{
    size_t i;

    for (i = 0; i < ARRAYSIZE(ntdll_stubs); i++)
        if (!strcmp(name, ntdll_stubs[i].name)) return TRUE;
    for (i = 0; i < ARRAYSIZE(win32u_stubs); i++)
        if (!strcmp(name, win32u_stubs[i].name)) return TRUE;
    for (i = 0; i < ARRAYSIZE(nt_not_waits); i++)
        if (!strcmp(name, nt_not_waits[i])) return TRUE;
    return FALSE;
}

static int nt_compare_addresses(const void *a, const void *b)
{
    ULONG_PTR x = *(const ULONG_PTR *)a, y = *(const ULONG_PTR *)b;

    return x < y ? -1 : x > y;
}

/***********************************************************************
 *      nt_collect_other_stubs   (internal)
 *
 * The module's exports named Nt* whose code is a system call stub, but for the kinds the
 * probe tells apart and those known not to wait, sorted into stubs; returns how many. Read
 * from the export directory of the mapped image: no lock, no allocation.
 */
static LONG nt_collect_other_stubs(HMODULE module, ULONG_PTR *stubs)
{
    const BYTE *base = (const BYTE *)module;
    const IMAGE_NT_HEADERS *headers = (const IMAGE_NT_HEADERS *)(base
        + ((const IMAGE_DOS_HEADER *)module)->e_lfanew);
    const IMAGE_DATA_DIRECTORY *dir =
        &headers->OptionalHeader.DataDirectory[IMAGE_DIRECTORY_ENTRY_EXPORT];
    const IMAGE_EXPORT_DIRECTORY *exports;
    const DWORD *names, *functions;
    const WORD *ordinals;
    LONG count = 0;
    DWORD i;

    if (!dir->VirtualAddress || !dir->Size) return 0;
    exports = (const IMAGE_EXPORT_DIRECTORY *)(base + dir->VirtualAddress);
    names = (const DWORD *)(base + exports->AddressOfNames);
    functions = (const DWORD *)(base + exports->AddressOfFunctions);
    ordinals = (const WORD *)(base + exports->AddressOfNameOrdinals);
    for (i = 0; i < exports->NumberOfNames && count < NT_MAX_OTHER_STUBS; i++)
    {
        const char *name = (const char *)(base + names[i]);
        DWORD rva;

        if (name[0] != 'N' || name[1] != 't' || ordinals[i] >= exports->NumberOfFunctions)
            continue;
        rva = functions[ordinals[i]];
        /* a forwarder points into the export directory: no code */
        if (!rva || (rva >= dir->VirtualAddress && rva < dir->VirtualAddress + dir->Size))
            continue;
        if (nt_known_kind(name) || !nt_is_stub_code((ULONG_PTR)(base + rva))) continue;
        stubs[count++] = (ULONG_PTR)(base + rva);
    }
    qsort(stubs, count, sizeof(*stubs), nt_compare_addresses);
    return count;
}

/***********************************************************************
 *      nt_in_other_stub   (internal)
 *
 * Whether ip lies within stub_size of one of the count sorted stubs.
 */
static BOOL nt_in_other_stub(const ULONG_PTR *stubs, LONG count, ULONG_PTR stub_size,
                             ULONG_PTR ip)
{
    LONG low = 0, high = count;

    /* the first stub above ip */
    while (low < high)
    {
        LONG mid = low + (high - low) / 2;

        if (stubs[mid] <= ip) low = mid + 1;
        else high = mid;
    }
    return low > 0 && ip - stubs[low - 1] < stub_size;
}

/***********************************************************************
 *      nt_measure_stub_size   (internal)
 *
 * Stubs are laid out one after another at a fixed size (32 bytes on x86_64; less on i686),
 * so the smallest distance between two known stubs bounds each one: an address is only
 * attributed to a stub when it lies within that distance, never to a neighbour's.
 */
static void nt_measure_stub_size(void)
{
    ULONG_PTR size = PROBE_MAX_STUB_SIZE;
    int a, b, i, j;

    for (a = 0; a < PROBE_SYSCALL_COUNT; a++)
        for (i = 0; i < PROBE_STUBS_PER_KIND; i++)
            for (b = 0; b < PROBE_SYSCALL_COUNT; b++)
                for (j = 0; j < PROBE_STUBS_PER_KIND; j++)
                {
                    ULONG_PTR x = nt_table.stub[a][i], y = nt_table.stub[b][j];
                    if (x && y && y > x && y - x < size) size = y - x;
                }
    nt_table.stub_size = size;
}

/***********************************************************************
 *      nt_image_range   (internal)
 *
 * Where a module's image lies, from its PE headers (mapped with it).
 */
static void nt_image_range(HMODULE module, ULONG_PTR *base, ULONG_PTR *end)
{
    const IMAGE_DOS_HEADER *dos = (const IMAGE_DOS_HEADER *)module;
    const IMAGE_NT_HEADERS *headers = (const IMAGE_NT_HEADERS *)((const BYTE *)module
                                                                 + dos->e_lfanew);

    *base = (ULONG_PTR)module;
    *end = *base + headers->OptionalHeader.SizeOfImage;
}

/***********************************************************************
 *      nt_image_directory   (internal)
 *
 * A data directory of a module's image (mapped with it), and its size; NULL if absent.
 */
static const void *nt_image_directory(HMODULE module, unsigned int entry, DWORD *size)
{
    const IMAGE_DOS_HEADER *dos = (const IMAGE_DOS_HEADER *)module;
    const IMAGE_NT_HEADERS *headers = (const IMAGE_NT_HEADERS *)((const BYTE *)module
                                                                 + dos->e_lfanew);
    const IMAGE_DATA_DIRECTORY *directory;

    if (entry >= headers->OptionalHeader.NumberOfRvaAndSizes) return NULL;
    directory = &headers->OptionalHeader.DataDirectory[entry];
    *size = directory->Size;
    return directory->VirtualAddress && directory->Size
           ? (const BYTE *)module + directory->VirtualAddress : NULL;
}

/***********************************************************************
 *      nt_function_end   (internal)
 *
 * The first exported function after function in module: where function ends at the latest
 * (forwarders, which point into the export directory, are not functions).
 */
static ULONG_PTR nt_function_end(HMODULE module, ULONG_PTR function)
{
    ULONG_PTR base = (ULONG_PTR)module, end = 0;
    const IMAGE_EXPORT_DIRECTORY *exports;
    const DWORD *functions;
    DWORD size, i;

    if (!function || !(exports = nt_image_directory(module, IMAGE_DIRECTORY_ENTRY_EXPORT, &size)))
        return 0;
    functions = (const DWORD *)(base + exports->AddressOfFunctions);
    for (i = 0; i < exports->NumberOfFunctions; i++)
    {
        ULONG_PTR address = base + functions[i];

        if (functions[i] >= (ULONG_PTR)exports - base
            && functions[i] < (ULONG_PTR)exports - base + size)
            continue;
        if (address > function && (!end || address < end)) end = address;
    }
    return end;
}

/***********************************************************************
 *      nt_add_unwind   (internal)
 *
 * RtlEnterCriticalSection, and ntdll's function table (x86_64), read from the caller's own
 * ntdll image: the same code and data as every other process's (probe_unwind.c).
 */
static void nt_add_unwind(HMODULE ntdll)
{
    nt_table.enter_critsec = (ULONG_PTR)(void *)GetProcAddress(ntdll, "RtlEnterCriticalSection");
    nt_table.enter_critsec_end = nt_function_end(ntdll, nt_table.enter_critsec);
#if defined(__x86_64__)
    {
        DWORD size;

        nt_table.ntdll_functions = nt_image_directory(ntdll, IMAGE_DIRECTORY_ENTRY_EXCEPTION,
                                                      &size);
        if (nt_table.ntdll_functions) nt_table.ntdll_function_count = size / sizeof(RUNTIME_FUNCTION);
    }
#endif
}

/***********************************************************************
 *      nt_add_win32u   (internal)
 *
 * win32u's stubs, once. Written word by word while other threads may read the table: each
 * reads a stub's address whole, or 0.
 */
static void nt_add_win32u(HMODULE win32u)
{
    LONG count;

    if (InterlockedCompareExchange(&nt_win32u_added, 1, 0)) return;
    nt_add_stubs(win32u, win32u_stubs, ARRAYSIZE(win32u_stubs));
    nt_measure_stub_size();
    count = nt_collect_other_stubs(win32u, nt_other_win32u);
    InterlockedExchange(&nt_other_win32u_count, count);
}

/***********************************************************************
 *      nt_dll_loaded   (internal)
 *
 * The loader's notification of a DLL load (under the loader lock, which GetProcAddress then
 * takes again on the same thread): win32u's stubs when it arrives.
 */
static void CALLBACK nt_dll_loaded(ULONG reason, LDR_DLL_NOTIFICATION_DATA *data, void *context)
{
    static const WCHAR win32u[] = L"win32u.dll";
    const UNICODE_STRING *name = data->Loaded.BaseDllName;

    (void)context;
    if (reason != LDR_DLL_NOTIFICATION_REASON_LOADED || !name || !name->Buffer
        || name->Length != sizeof(win32u) - sizeof(WCHAR)
        || _wcsnicmp(name->Buffer, win32u, ARRAYSIZE(win32u) - 1) != 0)
        return;
    nt_add_win32u((HMODULE)data->Loaded.DllBase);
}

static BOOL CALLBACK nt_init(INIT_ONCE *once, void *param, void **context)
{
    HMODULE ntdll = GetModuleHandleW(L"ntdll.dll");
    HMODULE win32u;

    (void)once; (void)param; (void)context;
    if (!ntdll) return TRUE;
    nt_table.pNtQueryObject = (probe_NtQueryObject)(void *)GetProcAddress(ntdll, "NtQueryObject");
    nt_table.pNtQueryMutant = (probe_NtQueryMutant)(void *)GetProcAddress(ntdll, "NtQueryMutant");
    nt_table.pNtQueryInformationThread = (probe_NtQueryInformationThread)(void *)
        GetProcAddress(ntdll, "NtQueryInformationThread");
    nt_table.pNtQuerySystemInformation = (probe_NtQuerySystemInformation)(void *)
        GetProcAddress(ntdll, "NtQuerySystemInformation");
    nt_table.pNtCompareObjects = (probe_NtCompareObjects)(void *)
        GetProcAddress(ntdll, "NtCompareObjects");
    nt_table.is_wine = GetProcAddress(ntdll, "wine_get_version") != NULL;
    nt_add_stubs(ntdll, ntdll_stubs, ARRAYSIZE(ntdll_stubs));
    nt_other_ntdll_count = nt_collect_other_stubs(ntdll, nt_other_ntdll);
    nt_image_range(ntdll, &nt_table.ntdll_base, &nt_table.ntdll_end);
    nt_add_unwind(ntdll);

    /* win32u comes with user32. Loading it here would cost every process that loads wct
     * (every process of a prefix on wct) several milliseconds; a process that loads it later
     * is told by the loader (nt_dll_loaded), and a session's opening loads it when it can
     * (probe_nt_prepare). */
    LdrRegisterDllNotification(0, nt_dll_loaded, NULL, &nt_notification);
    if ((win32u = GetModuleHandleW(L"win32u.dll"))) nt_add_win32u(win32u);
    nt_measure_stub_size();

    nt_ready = nt_table.pNtQueryObject && nt_table.pNtQueryMutant
               && nt_table.pNtQueryInformationThread && nt_table.pNtQuerySystemInformation;
    return TRUE;
}

void probe_nt_prepare(void)
{
    RTL_CRITICAL_SECTION *loader_lock = NtCurrentTeb()->Peb->LoaderLock;

    probe_nt_get();
    if (nt_win32u_added || !loader_lock || !RtlTryEnterCriticalSection(loader_lock)) return;
    /* The loader lock is ours now (or was already): LoadLibrary cannot wait for it. The
     * module stays loaded for the process's lifetime (the notification adds its stubs). */
    if (!nt_win32u_module)
        nt_win32u_module = LoadLibraryExW(L"win32u.dll", NULL, LOAD_LIBRARY_SEARCH_SYSTEM32);
    RtlLeaveCriticalSection(loader_lock);
}

const struct probe_nt *probe_nt_get(void)
{
    InitOnceExecuteOnce(&nt_once, nt_init, NULL, NULL);
    return nt_ready ? &nt_table : NULL;
}

enum probe_syscall probe_nt_syscall_at(const struct probe_nt *nt, ULONG_PTR ip)
{
    int kind, i;

    for (kind = PROBE_SYSCALL_NONE + 1; kind < PROBE_SYSCALL_COUNT; kind++)
        for (i = 0; i < PROBE_STUBS_PER_KIND; i++)
        {
            ULONG_PTR stub = nt->stub[kind][i];
            if (stub && ip >= stub && ip - stub < nt->stub_size) return (enum probe_syscall)kind;
        }
    /* nt is the table of this process's lifetime: the stub lists go with it */
    if (nt_in_other_stub(nt_other_ntdll, nt_other_ntdll_count, nt->stub_size, ip)
        || nt_in_other_stub(nt_other_win32u, InterlockedCompareExchange(&nt_other_win32u_count,
                                                                        0, 0),
                            nt->stub_size, ip))
        return PROBE_SYSCALL_OTHER;
    return PROBE_SYSCALL_NONE;
}
