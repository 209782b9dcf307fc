/* aud-write-audit.h — the history of write-back runs, what each sent, and undoing a run
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "aud-store.h"
#include "aud-write-apply.h"

G_BEGIN_DECLS

typedef struct
{
  gint64         id;
  gint64         audience_id;   /* -1 when the audience is gone */
  char          *object;
  gboolean       is_undo;
  gint64         undo_of;       /* -1 for an apply run */
  char          *started_at;
  char          *finished_at;
  AudWriteState  state;
  char          *message;
  gint64         n_sent;        /* sent with no answer recorded: unknown whether they landed */
  gint64         n_written;
  gint64         n_failed;
  gint64         n_conflicts;
} AudWriteRunInfo;

typedef struct
{
  char         *record_id;
  char         *field;
  AudFieldKind  kind;
  JsonNode     *old_value;   /* NULL: blank */
  JsonNode     *new_value;
  char         *state;       /* "sent", "written", "failed", "conflict" */
  char         *sent_at;
  char         *finished_at;
  char         *error_code;
  char         *message;
} AudWriteAuditItem;

void        aud_write_run_info_free     (AudWriteRunInfo   *info);
void        aud_write_audit_item_free   (AudWriteAuditItem *item);
AudWriteState aud_write_state_from_string (const char      *s);

/* Newest first; @audience_id -1 for every audience. Element type AudWriteRunInfo. */
GPtrArray  *aud_write_audit_list_runs   (AudStore          *store,
                                         gint64             audience_id,
                                         GError           **error);
AudWriteRunInfo *aud_write_audit_get_run (AudStore         *store,
                                         gint64             run_id,
                                         GError           **error);
/* In the order they were recorded. Element type AudWriteAuditItem. */
GPtrArray  *aud_write_audit_list_items  (AudStore          *store,
                                         gint64             run_id,
                                         GError           **error);
/* Runs left "running" by a process that died are marked interrupted; their "sent" items stay
 * as they are, since nobody knows whether Salesforce applied them. Call before starting a run. */
gboolean    aud_write_audit_close_interrupted (AudStore    *store,
                                         GError           **error);

/* The changes that undo a run: every field it wrote (or sent without an answer) goes back to its
 * old value, but only where Salesforce still holds ours — apply them with
 * aud_write_apply_run (…, undo_of = run_id, …) and the rest are reported as conflicts. */
GPtrArray  *aud_write_audit_undo_changes (AudStore         *store,
                                         gint64             run_id,
                                         GError           **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AudWriteRunInfo, aud_write_run_info_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AudWriteAuditItem, aud_write_audit_item_free)

G_END_DECLS
