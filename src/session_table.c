/* PLACEHOLDER: replaced by the session table (issue 3). */
#include "wct_private.h"
