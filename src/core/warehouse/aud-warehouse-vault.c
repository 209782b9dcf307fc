/* aud-warehouse-vault.c — warehouse passwords in the Secret Service, keyed by connection
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsecret/secret.h>

#include "aud-warehouse-vault.h"

static const SecretSchema *
warehouse_schema (void)
{
  static const SecretSchema schema = {
    .name = "org.example.Audiences.Warehouse",
    .flags = SECRET_SCHEMA_NONE,
    .attributes = {
      { .name = "connection", .type = SECRET_SCHEMA_ATTRIBUTE_STRING },
      { .name = NULL, .type = 0 },
    },
  };
  return &schema;
}

typedef struct
{
  GMainContext  *context;
  GCancellable  *inner;
  GAsyncResult  *result;
  gboolean       timed_out;
} Call;

static void
call_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Call *call = user_data;
  call->result = g_object_ref (result);
  g_main_context_wakeup (call->context);
}

static gboolean
call_timeout_cb (gpointer user_data)
{
  Call *call = user_data;
  call->timed_out = TRUE;
  g_cancellable_cancel (call->inner);
  return G_SOURCE_REMOVE;
}

static void
outer_cancelled_cb (GCancellable *cancellable,
                    Call         *call)
{
  g_cancellable_cancel (call->inner);
}

/* Each call runs on a private context, iterated until libsecret answers; a timeout cancels
 * it, so a hidden prompt cannot block a sync forever. */
static void
call_init (Call *call)
{
  call->context = g_main_context_new ();
  call->inner = g_cancellable_new ();
  call->result = NULL;
  call->timed_out = FALSE;
  g_main_context_push_thread_default (call->context);
}

static void
call_wait (Call          *call,
           guint          timeout_ms,
           GCancellable  *cancellable)
{
  g_autoptr(GSource) timeout = g_timeout_source_new (timeout_ms != 0 ? timeout_ms : AUD_WAREHOUSE_VAULT_TIMEOUT_MS);
  gulong handler = 0;

  g_source_set_callback (timeout, call_timeout_cb, call, NULL);
  g_source_attach (timeout, call->context);
  if (cancellable != NULL)
    handler = g_cancellable_connect (cancellable, G_CALLBACK (outer_cancelled_cb), call, NULL);
  while (call->result == NULL)
    g_main_context_iteration (call->context, TRUE);
  g_source_destroy (timeout);
  if (cancellable != NULL)
    g_cancellable_disconnect (cancellable, handler);
}

static void
call_clear (Call *call)
{
  g_main_context_pop_thread_default (call->context);
  g_clear_object (&call->result);
  g_clear_object (&call->inner);
  g_clear_pointer (&call->context, g_main_context_unref);
}

static void
set_keyring_error (GError     **error,
                   GError      *inner,
                   gboolean     timed_out)
{
  if (timed_out)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                 _("The keyring did not answer. Unlock it in Passwords and Keys, or enter the password."));
  else
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                 _("The keyring is not available (%s). Enter the password instead."),
                 inner != NULL ? inner->message : "?");
}

gboolean
aud_warehouse_vault_store (const char    *connection,
                           const char    *password,
                           guint          timeout_ms,
                           GCancellable  *cancellable,
                           GError       **error)
{
  Call call;
  g_autoptr(GError) inner = NULL;
  g_autofree char *label = NULL;
  gboolean ok;

  g_return_val_if_fail (connection != NULL && password != NULL, FALSE);

  label = g_strdup_printf (_("Audiences warehouse password (%s)"), connection);
  call_init (&call);
  secret_password_store (warehouse_schema (), SECRET_COLLECTION_DEFAULT, label, password, call.inner,
                         call_done_cb, &call, "connection", connection, NULL);
  call_wait (&call, timeout_ms, cancellable);
  ok = secret_password_store_finish (call.result, &inner);
  if (!ok)
    set_keyring_error (error, inner, call.timed_out);
  call_clear (&call);
  return ok;
}

char *
aud_warehouse_vault_lookup (const char    *connection,
                            guint          timeout_ms,
                            GCancellable  *cancellable,
                            GError       **error)
{
  Call call;
  g_autoptr(GError) inner = NULL;
  char *password;

  g_return_val_if_fail (connection != NULL, NULL);

  call_init (&call);
  secret_password_lookup (warehouse_schema (), call.inner, call_done_cb, &call,
                          "connection", connection, NULL);
  call_wait (&call, timeout_ms, cancellable);
  password = secret_password_lookup_finish (call.result, &inner);
  if (inner != NULL)
    set_keyring_error (error, inner, call.timed_out);
  call_clear (&call);
  return password;
}

gboolean
aud_warehouse_vault_clear (const char    *connection,
                           guint          timeout_ms,
                           GCancellable  *cancellable,
                           GError       **error)
{
  Call call;
  g_autoptr(GError) inner = NULL;

  g_return_val_if_fail (connection != NULL, FALSE);

  call_init (&call);
  secret_password_clear (warehouse_schema (), call.inner, call_done_cb, &call,
                         "connection", connection, NULL);
  call_wait (&call, timeout_ms, cancellable);
  secret_password_clear_finish (call.result, &inner);
  if (inner != NULL)
    set_keyring_error (error, inner, call.timed_out);
  call_clear (&call);
  return inner == NULL;
}
