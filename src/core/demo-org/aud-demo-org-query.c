/* aud-demo-org-query.c — query/queryAll with snapshot paging, getDeleted and getUpdated
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "aud-demo-org-private.h"

void
demo_query_handle (AudDemoOrg        *self,
                   SoupServerMessage *msg,
                   const char        *version,
                   const char        *rest,
                   gboolean           all)
{
  demo_reply_error (msg, SOUP_STATUS_NOT_IMPLEMENTED, "NOT_IMPLEMENTED", "query is not served yet");
}

void
demo_query_handle_replication (AudDemoOrg        *self,
                               SoupServerMessage *msg,
                               DemoObject        *object,
                               gboolean           deleted)
{
  demo_reply_error (msg, SOUP_STATUS_NOT_IMPLEMENTED, "NOT_IMPLEMENTED", "replication is not served yet");
}

void
demo_query_clear (AudDemoOrg *self)
{
}

void
demo_query_expire_all (AudDemoOrg *self)
{
}
