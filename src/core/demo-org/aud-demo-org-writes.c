/* aud-demo-org-writes.c — single-record PATCH and sObject Collections updates
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "aud-demo-org-private.h"

void
demo_writes_handle_record (AudDemoOrg        *self,
                           SoupServerMessage *msg,
                           const char        *version,
                           DemoObject        *object,
                           const char        *id)
{
  demo_reply_error (msg, SOUP_STATUS_NOT_IMPLEMENTED, "NOT_IMPLEMENTED", "writes are not served yet");
}

void
demo_writes_handle_collection (AudDemoOrg        *self,
                               SoupServerMessage *msg)
{
  demo_reply_error (msg, SOUP_STATUS_NOT_IMPLEMENTED, "NOT_IMPLEMENTED", "writes are not served yet");
}
