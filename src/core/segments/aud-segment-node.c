/* aud-segment-node.c — a segment's definition: a tree of all/any groups and field conditions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "aud-segment-node.h"

G_DEFINE_QUARK (aud-segment-error-quark, aud_segment_error)

typedef struct
{
  AudSegmentOperator  op;
  const char         *name;
  int                 n_values;
} OperatorInfo;

/* Indexed by AudSegmentOperator. */
static const OperatorInfo operators[] = {
  { AUD_SEGMENT_OPERATOR_IS, "is", 1 },
  { AUD_SEGMENT_OPERATOR_IS_NOT, "is-not", 1 },
  { AUD_SEGMENT_OPERATOR_CONTAINS, "contains", 1 },
  { AUD_SEGMENT_OPERATOR_STARTS_WITH, "starts-with", 1 },
  { AUD_SEGMENT_OPERATOR_IN_LIST, "in-list", -1 },
  { AUD_SEGMENT_OPERATOR_IS_BLANK, "is-blank", 0 },
  { AUD_SEGMENT_OPERATOR_IS_NOT_BLANK, "is-not-blank", 0 },
  { AUD_SEGMENT_OPERATOR_EQUALS, "equals", 1 },
  { AUD_SEGMENT_OPERATOR_NOT_EQUALS, "not-equals", 1 },
  { AUD_SEGMENT_OPERATOR_LESS, "less", 1 },
  { AUD_SEGMENT_OPERATOR_LESS_OR_EQUAL, "less-or-equal", 1 },
  { AUD_SEGMENT_OPERATOR_GREATER, "greater", 1 },
  { AUD_SEGMENT_OPERATOR_GREATER_OR_EQUAL, "greater-or-equal", 1 },
  { AUD_SEGMENT_OPERATOR_BETWEEN, "between", 2 },
  { AUD_SEGMENT_OPERATOR_IN_LAST_DAYS, "in-last-days", 1 },
  { AUD_SEGMENT_OPERATOR_IN_NEXT_DAYS, "in-next-days", 1 },
  { AUD_SEGMENT_OPERATOR_IS_TRUE, "is-true", 0 },
  { AUD_SEGMENT_OPERATOR_IS_FALSE, "is-false", 0 },
  { AUD_SEGMENT_OPERATOR_ANY_OF, "any-of", -1 },
};

G_STATIC_ASSERT (G_N_ELEMENTS (operators) == AUD_SEGMENT_N_OPERATORS);

int
aud_segment_operator_n_values (AudSegmentOperator op)
{
  g_return_val_if_fail (op < AUD_SEGMENT_N_OPERATORS, 0);

  return operators[op].n_values;
}

const char *
aud_segment_operator_to_string (AudSegmentOperator op)
{
  g_return_val_if_fail (op < AUD_SEGMENT_N_OPERATORS, NULL);

  return operators[op].name;
}

gboolean
aud_segment_operator_from_string (const char         *s,
                                  AudSegmentOperator *op)
{
  for (guint i = 0; i < G_N_ELEMENTS (operators); i++)
    if (g_strcmp0 (s, operators[i].name) == 0)
      {
        *op = operators[i].op;
        return TRUE;
      }

  return FALSE;
}

static gboolean
is_temporal (AudFieldKind kind)
{
  return kind == AUD_FIELD_KIND_DATE || kind == AUD_FIELD_KIND_DATETIME;
}

const char *
aud_segment_operator_get_label (AudSegmentOperator op,
                                AudFieldKind       kind)
{
  /* Dates read as "before/after", numbers as symbols: what people say about each. */
  switch (op)
    {
    case AUD_SEGMENT_OPERATOR_IS:               return _("is");
    case AUD_SEGMENT_OPERATOR_IS_NOT:           return _("is not");
    case AUD_SEGMENT_OPERATOR_CONTAINS:         return _("contains");
    case AUD_SEGMENT_OPERATOR_STARTS_WITH:      return _("starts with");
    case AUD_SEGMENT_OPERATOR_IN_LIST:          return _("is one of");
    case AUD_SEGMENT_OPERATOR_IS_BLANK:         return _("is blank");
    case AUD_SEGMENT_OPERATOR_IS_NOT_BLANK:     return _("is not blank");
    case AUD_SEGMENT_OPERATOR_EQUALS:           return is_temporal (kind) ? _("is on") : "=";
    case AUD_SEGMENT_OPERATOR_NOT_EQUALS:       return is_temporal (kind) ? _("is not on") : "≠";
    case AUD_SEGMENT_OPERATOR_LESS:             return is_temporal (kind) ? _("is before") : "<";
    case AUD_SEGMENT_OPERATOR_LESS_OR_EQUAL:    return is_temporal (kind) ? _("is on or before") : "≤";
    case AUD_SEGMENT_OPERATOR_GREATER:          return is_temporal (kind) ? _("is after") : ">";
    case AUD_SEGMENT_OPERATOR_GREATER_OR_EQUAL: return is_temporal (kind) ? _("is on or after") : "≥";
    case AUD_SEGMENT_OPERATOR_BETWEEN:          return _("is between");
    case AUD_SEGMENT_OPERATOR_IN_LAST_DAYS:     return _("is in the last … days");
    case AUD_SEGMENT_OPERATOR_IN_NEXT_DAYS:     return _("is in the next … days");
    case AUD_SEGMENT_OPERATOR_IS_TRUE:          return _("is true");
    case AUD_SEGMENT_OPERATOR_IS_FALSE:         return _("is false");
    case AUD_SEGMENT_OPERATOR_ANY_OF:           return _("is any of");
    default:                                    return "?";
    }
}

static const AudSegmentOperator text_operators[] = {
  AUD_SEGMENT_OPERATOR_IS, AUD_SEGMENT_OPERATOR_IS_NOT, AUD_SEGMENT_OPERATOR_CONTAINS,
  AUD_SEGMENT_OPERATOR_STARTS_WITH, AUD_SEGMENT_OPERATOR_IS_BLANK, AUD_SEGMENT_OPERATOR_IS_NOT_BLANK,
  AUD_SEGMENT_OPERATOR_IN_LIST,
};
static const AudSegmentOperator number_operators[] = {
  AUD_SEGMENT_OPERATOR_EQUALS, AUD_SEGMENT_OPERATOR_NOT_EQUALS, AUD_SEGMENT_OPERATOR_LESS,
  AUD_SEGMENT_OPERATOR_LESS_OR_EQUAL, AUD_SEGMENT_OPERATOR_GREATER, AUD_SEGMENT_OPERATOR_GREATER_OR_EQUAL,
  AUD_SEGMENT_OPERATOR_BETWEEN, AUD_SEGMENT_OPERATOR_IS_BLANK, AUD_SEGMENT_OPERATOR_IS_NOT_BLANK,
};
static const AudSegmentOperator date_operators[] = {
  AUD_SEGMENT_OPERATOR_IN_LAST_DAYS, AUD_SEGMENT_OPERATOR_IN_NEXT_DAYS, AUD_SEGMENT_OPERATOR_EQUALS,
  AUD_SEGMENT_OPERATOR_NOT_EQUALS, AUD_SEGMENT_OPERATOR_LESS, AUD_SEGMENT_OPERATOR_LESS_OR_EQUAL,
  AUD_SEGMENT_OPERATOR_GREATER, AUD_SEGMENT_OPERATOR_GREATER_OR_EQUAL, AUD_SEGMENT_OPERATOR_BETWEEN,
  AUD_SEGMENT_OPERATOR_IS_BLANK, AUD_SEGMENT_OPERATOR_IS_NOT_BLANK,
};
static const AudSegmentOperator boolean_operators[] = {
  AUD_SEGMENT_OPERATOR_IS_TRUE, AUD_SEGMENT_OPERATOR_IS_FALSE,
};
static const AudSegmentOperator picklist_operators[] = {
  AUD_SEGMENT_OPERATOR_ANY_OF, AUD_SEGMENT_OPERATOR_IS_BLANK, AUD_SEGMENT_OPERATOR_IS_NOT_BLANK,
};

const AudSegmentOperator *
aud_segment_operators_for_kind (AudFieldKind  kind,
                                guint        *n_operators)
{
  switch (kind)
    {
    case AUD_FIELD_KIND_NUMBER:
      *n_operators = G_N_ELEMENTS (number_operators);
      return number_operators;
    case AUD_FIELD_KIND_DATE:
    case AUD_FIELD_KIND_DATETIME:
      *n_operators = G_N_ELEMENTS (date_operators);
      return date_operators;
    case AUD_FIELD_KIND_BOOLEAN:
      *n_operators = G_N_ELEMENTS (boolean_operators);
      return boolean_operators;
    case AUD_FIELD_KIND_PICKLIST:
    case AUD_FIELD_KIND_MULTIPICKLIST:
      *n_operators = G_N_ELEMENTS (picklist_operators);
      return picklist_operators;
    case AUD_FIELD_KIND_TEXT:
    default:
      *n_operators = G_N_ELEMENTS (text_operators);
      return text_operators;
    }
}

gboolean
aud_segment_operator_fits_kind (AudSegmentOperator op,
                                AudFieldKind       kind)
{
  guint n;
  const AudSegmentOperator *ops = aud_segment_operators_for_kind (kind, &n);

  for (guint i = 0; i < n; i++)
    if (ops[i] == op)
      return TRUE;

  return FALSE;
}

const char *
aud_segment_match_to_string (AudSegmentMatch match)
{
  return match == AUD_SEGMENT_MATCH_ANY ? "any" : "all";
}

G_DEFINE_BOXED_TYPE (AudSegmentNode, aud_segment_node, aud_segment_node_copy, aud_segment_node_free)

AudSegmentNode *
aud_segment_node_new_group (AudSegmentMatch match)
{
  AudSegmentNode *node = g_new0 (AudSegmentNode, 1);

  node->is_group = TRUE;
  node->match = match;
  node->children = g_ptr_array_new_with_free_func ((GDestroyNotify) aud_segment_node_free);
  return node;
}

AudSegmentNode *
aud_segment_node_new_condition (const char         *field,
                                AudSegmentOperator  op,
                                const char * const *values)
{
  AudSegmentNode *node;

  g_return_val_if_fail (field != NULL, NULL);
  g_return_val_if_fail (op < AUD_SEGMENT_N_OPERATORS, NULL);

  node = g_new0 (AudSegmentNode, 1);
  node->field = g_strdup (field);
  node->op = op;
  node->values = values != NULL ? g_strdupv ((char **) values) : g_new0 (char *, 1);
  return node;
}

void
aud_segment_node_add (AudSegmentNode *group,
                      AudSegmentNode *child)
{
  g_return_if_fail (group != NULL && group->is_group);
  g_return_if_fail (child != NULL);

  g_ptr_array_add (group->children, child);
}

AudSegmentNode *
aud_segment_node_copy (const AudSegmentNode *node)
{
  AudSegmentNode *copy;

  g_return_val_if_fail (node != NULL, NULL);

  if (!node->is_group)
    return aud_segment_node_new_condition (node->field, node->op, (const char * const *) node->values);

  copy = aud_segment_node_new_group (node->match);
  for (guint i = 0; i < node->children->len; i++)
    aud_segment_node_add (copy, aud_segment_node_copy (g_ptr_array_index (node->children, i)));
  return copy;
}

void
aud_segment_node_free (AudSegmentNode *node)
{
  if (node == NULL)
    return;

  g_clear_pointer (&node->children, g_ptr_array_unref);
  g_free (node->field);
  g_strfreev (node->values);
  g_free (node);
}

guint
aud_segment_node_count_conditions (const AudSegmentNode *node)
{
  guint n = 0;

  g_return_val_if_fail (node != NULL, 0);

  if (!node->is_group)
    return 1;
  for (guint i = 0; i < node->children->len; i++)
    n += aud_segment_node_count_conditions (g_ptr_array_index (node->children, i));
  return n;
}

static void
collect_fields (const AudSegmentNode *node,
                GPtrArray            *fields)
{
  if (!node->is_group)
    {
      for (guint i = 0; i < fields->len; i++)
        if (g_str_equal (g_ptr_array_index (fields, i), node->field))
          return;
      g_ptr_array_add (fields, g_strdup (node->field));
      return;
    }

  for (guint i = 0; i < node->children->len; i++)
    collect_fields (g_ptr_array_index (node->children, i), fields);
}

GStrv
aud_segment_node_collect_fields (const AudSegmentNode *node)
{
  GPtrArray *fields = g_ptr_array_new ();

  g_return_val_if_fail (node != NULL, NULL);

  collect_fields (node, fields);
  g_ptr_array_add (fields, NULL);
  return (GStrv) g_ptr_array_free (fields, FALSE);
}

void
aud_segment_node_build_json (const AudSegmentNode *node,
                             JsonBuilder          *builder)
{
  g_return_if_fail (node != NULL);

  json_builder_begin_object (builder);
  if (node->is_group)
    {
      json_builder_set_member_name (builder, "match");
      json_builder_add_string_value (builder, aud_segment_match_to_string (node->match));
      json_builder_set_member_name (builder, "conditions");
      json_builder_begin_array (builder);
      for (guint i = 0; i < node->children->len; i++)
        {
          /* Children are objects themselves: build them in place of an array element. */
          const AudSegmentNode *child = g_ptr_array_index (node->children, i);
          aud_segment_node_build_json (child, builder);
        }
      json_builder_end_array (builder);
    }
  else
    {
      int n_values = aud_segment_operator_n_values (node->op);

      json_builder_set_member_name (builder, "field");
      json_builder_add_string_value (builder, node->field);
      json_builder_set_member_name (builder, "operator");
      json_builder_add_string_value (builder, aud_segment_operator_to_string (node->op));
      /* One value reads as "value"; lists and ranges as "values". */
      if (n_values == 1)
        {
          json_builder_set_member_name (builder, "value");
          json_builder_add_string_value (builder, node->values[0] != NULL ? node->values[0] : "");
        }
      else if (n_values != 0)
        {
          json_builder_set_member_name (builder, "values");
          json_builder_begin_array (builder);
          for (guint i = 0; node->values[i] != NULL; i++)
            json_builder_add_string_value (builder, node->values[i]);
          json_builder_end_array (builder);
        }
    }
  json_builder_end_object (builder);
}

char *
aud_segment_node_to_json (const AudSegmentNode *group)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (group != NULL, NULL);

  aud_segment_node_build_json (group, builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

static gboolean
invalid_definition (GError     **error,
                    const char  *detail)
{
  g_set_error (error, AUD_SEGMENT_ERROR, AUD_SEGMENT_ERROR_INVALID_FILE,
               _("This segment definition cannot be read: %s. Fix the file, or export the segment again."),
               detail);
  return FALSE;
}

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

/* Values may be written as strings or plain JSON numbers; they are kept as text. */
static char *
value_to_text (JsonNode *node)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      return g_strdup (json_node_get_string (node));
    case G_TYPE_INT64:
      return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
    case G_TYPE_DOUBLE:
      {
        char buf[G_ASCII_DTOSTR_BUF_SIZE];
        return g_strdup (g_ascii_dtostr (buf, sizeof buf, json_node_get_double (node)));
      }
    default:
      return NULL;
    }
}

static AudSegmentNode *
condition_from_json (JsonObject  *object,
                     GError     **error)
{
  const char *field = member_string (object, "field");
  const char *op_name = member_string (object, "operator");
  JsonNode *value = json_object_get_member (object, "value");
  JsonNode *values = json_object_get_member (object, "values");
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  AudSegmentOperator op;

  if (field == NULL || *field == '\0')
    {
      invalid_definition (error, _("a condition has no “field”"));
      return NULL;
    }
  if (!aud_segment_operator_from_string (op_name, &op))
    {
      g_autofree char *detail = g_strdup_printf (_("the condition on “%s” has the unknown operator “%s”"),
                                                 field, op_name != NULL ? op_name : "");
      invalid_definition (error, detail);
      return NULL;
    }

  if (value != NULL)
    {
      char *text = value_to_text (value);
      if (text == NULL)
        {
          g_autofree char *detail = g_strdup_printf (_("the “value” of the condition on “%s” is not text or a number"), field);
          invalid_definition (error, detail);
          return NULL;
        }
      g_ptr_array_add (texts, text);
    }
  if (values != NULL)
    {
      JsonArray *array = JSON_NODE_HOLDS_ARRAY (values) ? json_node_get_array (values) : NULL;

      for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
        {
          char *text = value_to_text (json_array_get_element (array, i));
          if (text == NULL)
            {
              array = NULL;
              break;
            }
          g_ptr_array_add (texts, text);
        }
      if (array == NULL)
        {
          g_autofree char *detail = g_strdup_printf (_("the “values” of the condition on “%s” are not a list of text or numbers"), field);
          invalid_definition (error, detail);
          return NULL;
        }
    }
  g_ptr_array_add (texts, NULL);

  return aud_segment_node_new_condition (field, op, (const char * const *) texts->pdata);
}

AudSegmentNode *
aud_segment_node_from_json_object (JsonObject  *object,
                                   GError     **error)
{
  g_autoptr(AudSegmentNode) group = NULL;
  const char *match = member_string (object, "match");
  JsonNode *conditions;
  JsonArray *array;

  g_return_val_if_fail (object != NULL, NULL);

  if (g_strcmp0 (match, "all") != 0 && g_strcmp0 (match, "any") != 0)
    {
      invalid_definition (error, _("“match” must be “all” or “any”"));
      return NULL;
    }

  conditions = json_object_get_member (object, "conditions");
  if (conditions == NULL || !JSON_NODE_HOLDS_ARRAY (conditions))
    {
      invalid_definition (error, _("“conditions” is not a list"));
      return NULL;
    }

  group = aud_segment_node_new_group (g_str_equal (match, "any") ? AUD_SEGMENT_MATCH_ANY : AUD_SEGMENT_MATCH_ALL);
  array = json_node_get_array (conditions);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      JsonObject *child_object = JSON_NODE_HOLDS_OBJECT (element) ? json_node_get_object (element) : NULL;
      AudSegmentNode *child;

      if (child_object == NULL)
        {
          invalid_definition (error, _("a condition is not a JSON object"));
          return NULL;
        }

      if (json_object_has_member (child_object, "conditions"))
        child = aud_segment_node_from_json_object (child_object, error);
      else
        child = condition_from_json (child_object, error);
      if (child == NULL)
        return NULL;
      aud_segment_node_add (group, child);
    }

  return g_steal_pointer (&group);
}

AudSegmentNode *
aud_segment_node_from_json (const char  *data,
                            GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) parse_error = NULL;
  JsonNode *root;

  g_return_val_if_fail (data != NULL, NULL);

  if (!json_parser_load_from_data (parser, data, -1, &parse_error))
    {
      invalid_definition (error, parse_error->message);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      invalid_definition (error, _("it does not hold a JSON object"));
      return NULL;
    }

  return aud_segment_node_from_json_object (json_node_get_object (root), error);
}

static void
describe_node (const AudSegmentNode *node,
               guint                 depth,
               GString              *out)
{
  for (guint i = 0; i < depth; i++)
    g_string_append (out, "  ");

  if (node->is_group)
    {
      g_string_append (out, node->match == AUD_SEGMENT_MATCH_ANY ? _("Any of:") : _("All of:"));
      g_string_append_c (out, '\n');
      for (guint i = 0; i < node->children->len; i++)
        describe_node (g_ptr_array_index (node->children, i), depth + 1, out);
      return;
    }

  g_string_append_printf (out, "%s %s", node->field, aud_segment_operator_to_string (node->op));
  for (guint i = 0; node->values[i] != NULL; i++)
    g_string_append_printf (out, "%s“%s”", i == 0 ? " " : ", ", node->values[i]);
  g_string_append_c (out, '\n');
}

char *
aud_segment_node_describe (const AudSegmentNode *group)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (group != NULL, NULL);

  describe_node (group, 0, out);
  return g_string_free (out, FALSE);
}
