/*
 * names.c - readable names of node types, node statuses and the errors wctdump reports.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "wctdump.h"

const char *wctdump_type_name(WCT_OBJECT_TYPE type)
{
    static const char *const names[] =
    {
        "?", "CriticalSection", "SendMessage", "Mutex", "Alpc", "Com", "ThreadWait",
        "ProcessWait", "Thread", "ComActivation", "Unknown", "SocketIo", "SmbIo",
    };

    if ((unsigned int)type >= sizeof(names) / sizeof(names[0])) return "?";
    return names[type];
}


const char *wctdump_status_name(WCT_OBJECT_STATUS status)
{
    static const char *const names[] =
    {
        "?", "NoAccess", "Running", "Blocked", "PidOnly", "PidOnlyRpcss", "Owned", "NotOwned",
        "Abandoned", "Unknown", "Error",
    };

    if ((unsigned int)status >= sizeof(names) / sizeof(names[0])) return "?";
    return names[status];
}


const char *wctdump_error_name(DWORD error)
{
    static const struct { DWORD code; const char *name; } errors[] =
    {
        { ERROR_SUCCESS,           "ERROR_SUCCESS" },
        { ERROR_ACCESS_DENIED,     "ERROR_ACCESS_DENIED" },
        { ERROR_INVALID_HANDLE,    "ERROR_INVALID_HANDLE" },
        { ERROR_NOT_ENOUGH_MEMORY, "ERROR_NOT_ENOUGH_MEMORY" },
        { ERROR_NOT_SUPPORTED,     "ERROR_NOT_SUPPORTED" },
        { ERROR_INVALID_PARAMETER, "ERROR_INVALID_PARAMETER" },
        { ERROR_TOO_MANY_THREADS,  "ERROR_TOO_MANY_THREADS" },
        { ERROR_MORE_DATA,         "ERROR_MORE_DATA" },
        { ERROR_IO_PENDING,        "ERROR_IO_PENDING" },
        { ERROR_CANCELLED,         "ERROR_CANCELLED" },
        { ERROR_OBJECT_NOT_FOUND,  "ERROR_OBJECT_NOT_FOUND" },
        { ERROR_TIMEOUT,           "ERROR_TIMEOUT" },
    };
    size_t i;

    for (i = 0; i < sizeof(errors) / sizeof(errors[0]); i++)
        if (errors[i].code == error) return errors[i].name;
    return NULL;
}
