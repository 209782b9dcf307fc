/* aud-write-inputs.h — the planner's plain-data input, read from the workspace
 *
 * The provider: for each live Salesforce record of an audience that belongs to a matched entity,
 * "ours" is the entity's golden values (table golden_values, written by the entities area) and
 * "theirs" is the record's data as of the freshest sync (source_records).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "aud-audience.h"
#include "aud-write-plan.h"

G_BEGIN_DECLS

/* The audience's mapped fields whose rule is not Never, with writability and kind from the
 * cached describe (without a describe nothing counts as writable). Element type AudWriteField. */
GPtrArray *aud_write_inputs_load_fields (AudAudience  *audience,
                                         GError      **error);
/* Element type AudWriteInput, in the order the records were first stored. A fetched field a
 * record lacks is blank (JSON null); only fields still waiting for their backfill are missing. */
GPtrArray *aud_write_inputs_load        (AudAudience  *audience,
                                         GPtrArray    *fields,
                                         GError      **error);
/* A golden value (stored as text) as the JSON value Salesforce takes for a field of @kind. */
JsonNode  *aud_write_inputs_value_from_text (AudFieldKind  kind,
                                         const char   *text);

G_END_DECLS
