/* aud-segment-node.h — a segment's definition: a tree of all/any groups and field conditions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "aud-overwrite-rule.h"
#include "aud-segment-error.h"

G_BEGIN_DECLS

typedef enum
{
  AUD_SEGMENT_MATCH_ALL,
  AUD_SEGMENT_MATCH_ANY,
} AudSegmentMatch;

/* Stored by name (aud_segment_operator_to_string), so the order here is free to change. */
typedef enum
{
  /* text */
  AUD_SEGMENT_OPERATOR_IS,
  AUD_SEGMENT_OPERATOR_IS_NOT,
  AUD_SEGMENT_OPERATOR_CONTAINS,
  AUD_SEGMENT_OPERATOR_STARTS_WITH,
  AUD_SEGMENT_OPERATOR_IN_LIST,
  /* every type */
  AUD_SEGMENT_OPERATOR_IS_BLANK,
  AUD_SEGMENT_OPERATOR_IS_NOT_BLANK,
  /* number, date, datetime */
  AUD_SEGMENT_OPERATOR_EQUALS,
  AUD_SEGMENT_OPERATOR_NOT_EQUALS,
  AUD_SEGMENT_OPERATOR_LESS,
  AUD_SEGMENT_OPERATOR_LESS_OR_EQUAL,
  AUD_SEGMENT_OPERATOR_GREATER,
  AUD_SEGMENT_OPERATOR_GREATER_OR_EQUAL,
  AUD_SEGMENT_OPERATOR_BETWEEN,
  /* date, datetime */
  AUD_SEGMENT_OPERATOR_IN_LAST_DAYS,
  AUD_SEGMENT_OPERATOR_IN_NEXT_DAYS,
  /* boolean */
  AUD_SEGMENT_OPERATOR_IS_TRUE,
  AUD_SEGMENT_OPERATOR_IS_FALSE,
  /* picklist, multi-select picklist */
  AUD_SEGMENT_OPERATOR_ANY_OF,
} AudSegmentOperator;

#define AUD_SEGMENT_N_OPERATORS (AUD_SEGMENT_OPERATOR_ANY_OF + 1)

/* Values an operator takes: 0, 1, 2 (between) or -1 (one or more: lists). */
int                 aud_segment_operator_n_values   (AudSegmentOperator  op);
const char         *aud_segment_operator_to_string  (AudSegmentOperator  op);
gboolean            aud_segment_operator_from_string (const char        *s,
                                                      AudSegmentOperator *op);
/* For people: "contains", "is on or after", "in the last … days". Translated. */
const char         *aud_segment_operator_get_label  (AudSegmentOperator  op,
                                                     AudFieldKind        kind);
gboolean            aud_segment_operator_fits_kind  (AudSegmentOperator  op,
                                                     AudFieldKind        kind);
/* The operators offered for a field kind, in the builder's order. */
const AudSegmentOperator *aud_segment_operators_for_kind (AudFieldKind  kind,
                                                          guint        *n_operators);

const char         *aud_segment_match_to_string     (AudSegmentMatch     match);

/* A group (all/any of its children) or a condition (field, operator, values). Groups own their
 * children. A tree is plain data: copy it to hand it to another thread. */
typedef struct _AudSegmentNode AudSegmentNode;
struct _AudSegmentNode
{
  gboolean            is_group;
  /* group */
  AudSegmentMatch     match;
  GPtrArray          *children;
  /* condition */
  char               *field;
  AudSegmentOperator  op;
  GStrv               values;
};

#define AUD_TYPE_SEGMENT_NODE (aud_segment_node_get_type ())
GType               aud_segment_node_get_type       (void) G_GNUC_CONST;
AudSegmentNode     *aud_segment_node_new_group      (AudSegmentMatch     match);
AudSegmentNode     *aud_segment_node_new_condition  (const char         *field,
                                                     AudSegmentOperator  op,
                                                     const char * const *values);
/* Takes ownership of child. */
void                aud_segment_node_add            (AudSegmentNode     *group,
                                                     AudSegmentNode     *child);
AudSegmentNode     *aud_segment_node_copy           (const AudSegmentNode *node);
void                aud_segment_node_free           (AudSegmentNode     *node);
/* Conditions in the whole tree. */
guint               aud_segment_node_count_conditions (const AudSegmentNode *node);
/* Every field the tree names, once each, in first-use order. */
GStrv               aud_segment_node_collect_fields (const AudSegmentNode *node);

/* The readable JSON shape shared by the workspace and segment files:
 *   { "match": "all", "conditions": [ { "field": "Title", "operator": "contains", "value": "VP" },
 *                                      { "field": "Country", "operator": "in-list", "values": […] },
 *                                      { "match": "any", "conditions": [ … ] } ] }
 * Parsing checks the shape only; aud_segment_sql_compile() checks fields, types and values. */
void                aud_segment_node_build_json     (const AudSegmentNode *group,
                                                     JsonBuilder        *builder);
char               *aud_segment_node_to_json        (const AudSegmentNode *group);
AudSegmentNode     *aud_segment_node_from_json_object (JsonObject       *object,
                                                       GError          **error);
AudSegmentNode     *aud_segment_node_from_json      (const char         *data,
                                                     GError            **error);
/* One line per condition, indented by depth, for `audiences segment show`. */
char               *aud_segment_node_describe       (const AudSegmentNode *group);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AudSegmentNode, aud_segment_node_free)

G_END_DECLS
