/* aud-demo-org-control.c — the /_demo/ control API: faults, limits, mutations, dumps, statistics
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "aud-demo-org-private.h"

void
demo_control_handle (AudDemoOrg        *self,
                     SoupServerMessage *msg,
                     const char        *path)
{
  demo_reply_error (msg, SOUP_STATUS_NOT_FOUND, "NOT_FOUND", "The requested resource does not exist");
}

char **
aud_demo_org_mutate (AudDemoOrg         *self,
                     const char         *object,
                     AudDemoOrgMutation  mutation,
                     guint               count,
                     gboolean            same_stamp,
                     GError            **error)
{
  g_set_error_literal (error, AUD_DEMO_ORG_ERROR, AUD_DEMO_ORG_ERROR_FAILED, "not yet");
  return NULL;
}

char *
aud_demo_org_insert_late_record (AudDemoOrg  *self,
                                 const char  *object,
                                 guint        seconds_ago,
                                 GError     **error)
{
  g_set_error_literal (error, AUD_DEMO_ORG_ERROR, AUD_DEMO_ORG_ERROR_FAILED, "not yet");
  return NULL;
}

JsonNode *
aud_demo_org_dup_stats (AudDemoOrg *self)
{
  return json_node_new (JSON_NODE_NULL);
}

JsonNode *
aud_demo_org_dup_rows (AudDemoOrg  *self,
                       const char  *object,
                       GError     **error)
{
  g_set_error_literal (error, AUD_DEMO_ORG_ERROR, AUD_DEMO_ORG_ERROR_FAILED, "not yet");
  return NULL;
}

GHashTable *
aud_demo_org_dup_ground_truth (AudDemoOrg  *self,
                               const char  *object,
                               GError     **error)
{
  g_set_error_literal (error, AUD_DEMO_ORG_ERROR, AUD_DEMO_ORG_ERROR_FAILED, "not yet");
  return NULL;
}
