/* aud-demo-org-bulk.c — Bulk API 2.0 query jobs with CSV results paged by locator
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "aud-demo-org-private.h"

void
demo_bulk_handle (AudDemoOrg        *self,
                  SoupServerMessage *msg,
                  const char        *version,
                  const char        *rest)
{
  demo_reply_error (msg, SOUP_STATUS_NOT_IMPLEMENTED, "NOT_IMPLEMENTED", "Bulk API 2.0 is not served yet");
}

void
demo_bulk_clear (AudDemoOrg *self)
{
}
