/* aud-demo-org.c — the demo org object: lifecycle, the two hosts, routing, auth and limit gate
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "aud-demo-org-private.h"
#include "aud-sf-id.h"

G_DEFINE_FINAL_TYPE (AudDemoOrg, aud_demo_org, G_TYPE_OBJECT)

G_DEFINE_QUARK (aud-demo-org-error-quark, aud_demo_org_error)

enum {
  PROP_0,
  PROP_SEED,
  PROP_ACCOUNTS,
  PROP_CONTACTS,
  PROP_LEADS,
  PROP_OPPORTUNITIES,
  PROP_DUPLICATE_PERCENT,
  PROP_EXTRA_CUSTOM_FIELDS,
  PROP_DATABASE_PATH,
  PROP_API_MAX,
  PROP_ROTATE_REFRESH_TOKENS,
  PROP_INTERACTIVE,
  PROP_DENY_AUTHORIZATION,
  PROP_CLIENT_SECRET,
  PROP_PORT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const fault_names[AUD_DEMO_ORG_N_FAULTS] = {
  "latency_ms",
  "unavailable_every",
  "drop_every",
  "expire_tokens_after",
  "exhaust_limit_after",
  "lock_row_every",
  "page_size_cap",
  "query_timeout_next",
  "validation_every",
  "bulk_fail_next",
  "duplicates_every",
};

/* ---- faults and usage ---- */

int
aud_demo_org_fault_from_name (const char *name)
{
  for (int i = 0; i < AUD_DEMO_ORG_N_FAULTS; i++)
    if (g_strcmp0 (fault_names[i], name) == 0)
      return i;
  return -1;
}

void
demo_set_fault_locked (AudDemoOrg      *self,
                       AudDemoOrgFault  fault,
                       gint64           value)
{
  self->faults[fault] = MAX (value, 0);

  /* "After N calls" faults are anchored to the call count at the moment they are set. */
  if (fault == AUD_DEMO_ORG_FAULT_EXPIRE_TOKENS_AFTER)
    self->expire_tokens_at_call = value > 0 ? self->total_calls + value : 0;
  else if (fault == AUD_DEMO_ORG_FAULT_EXHAUST_LIMIT_AFTER && value > 0)
    self->api_used = MAX (self->api_max - value, 0);
}

void
aud_demo_org_set_fault (AudDemoOrg      *self,
                        AudDemoOrgFault  fault,
                        gint64           value)
{
  g_return_if_fail (AUD_IS_DEMO_ORG (self));
  g_return_if_fail (fault < AUD_DEMO_ORG_N_FAULTS);

  g_mutex_lock (&self->lock);
  demo_set_fault_locked (self, fault, value);
  g_mutex_unlock (&self->lock);
}

gint64
aud_demo_org_get_fault (AudDemoOrg      *self,
                        AudDemoOrgFault  fault)
{
  gint64 value;

  g_return_val_if_fail (AUD_IS_DEMO_ORG (self), 0);
  g_return_val_if_fail (fault < AUD_DEMO_ORG_N_FAULTS, 0);

  g_mutex_lock (&self->lock);
  value = self->faults[fault];
  g_mutex_unlock (&self->lock);
  return value;
}

void
aud_demo_org_clear_faults (AudDemoOrg *self)
{
  g_return_if_fail (AUD_IS_DEMO_ORG (self));

  g_mutex_lock (&self->lock);
  memset (self->faults, 0, sizeof self->faults);
  self->expire_tokens_at_call = 0;
  g_mutex_unlock (&self->lock);
}

void
aud_demo_org_set_api_usage (AudDemoOrg *self,
                            gint64      used,
                            gint64      max)
{
  g_return_if_fail (AUD_IS_DEMO_ORG (self));

  g_mutex_lock (&self->lock);
  if (max >= 0)
    self->api_max = max;
  if (used >= 0)
    self->api_used = used;
  g_mutex_unlock (&self->lock);
}

gint64
aud_demo_org_get_api_used (AudDemoOrg *self)
{
  gint64 v;

  g_return_val_if_fail (AUD_IS_DEMO_ORG (self), 0);
  g_mutex_lock (&self->lock);
  v = self->api_used;
  g_mutex_unlock (&self->lock);
  return v;
}

gint64
aud_demo_org_get_api_max (AudDemoOrg *self)
{
  gint64 v;

  g_return_val_if_fail (AUD_IS_DEMO_ORG (self), 0);
  g_mutex_lock (&self->lock);
  v = self->api_max;
  g_mutex_unlock (&self->lock);
  return v;
}

void
aud_demo_org_expire_access_tokens (AudDemoOrg *self)
{
  g_return_if_fail (AUD_IS_DEMO_ORG (self));
  g_mutex_lock (&self->lock);
  demo_oauth_expire_all (self);
  g_mutex_unlock (&self->lock);
}

void
aud_demo_org_expire_query_locators (AudDemoOrg *self)
{
  g_return_if_fail (AUD_IS_DEMO_ORG (self));
  g_mutex_lock (&self->lock);
  demo_query_expire_all (self);
  g_mutex_unlock (&self->lock);
}

char *
aud_demo_org_mint_access_token (AudDemoOrg *self)
{
  char *token;

  g_return_val_if_fail (AUD_IS_DEMO_ORG (self), NULL);
  g_mutex_lock (&self->lock);
  token = demo_oauth_mint_access (self, NULL);
  g_mutex_unlock (&self->lock);
  return token;
}

void
aud_demo_org_mint_tokens (AudDemoOrg  *self,
                          char       **access_token,
                          char       **refresh_token)
{
  g_autofree char *refresh = NULL;

  g_return_if_fail (AUD_IS_DEMO_ORG (self));
  g_mutex_lock (&self->lock);
  refresh = demo_oauth_mint_refresh (self, "api refresh_token web");
  if (access_token != NULL)
    *access_token = demo_oauth_mint_access (self, refresh);
  g_mutex_unlock (&self->lock);
  if (refresh_token != NULL)
    *refresh_token = g_steal_pointer (&refresh);
}

double
aud_demo_org_get_generation_seconds (AudDemoOrg *self)
{
  g_return_val_if_fail (AUD_IS_DEMO_ORG (self), 0);
  return self->generation_seconds;
}

/* ---- routing ---- *//* ---- lifecycle ---- */

static char *
listen_on_loopback (SoupServer  *server,
                    guint        port,
                    GError     **error)
{
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new_from_string ("127.0.0.1", port);
  GSList *uris;
  char *url;
  GUri *uri;

  if (!soup_server_listen (server, address, 0, error))
    return NULL;

  uris = soup_server_get_uris (server);
  uri = uris->data;
  url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uri));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return url;
}

static gboolean
start_in_context (AudDemoOrg  *self,
                  GError     **error)
{
  g_autoptr(GTimer) timer = g_timer_new ();

  g_mutex_lock (&self->lock);

  if (!demo_data_open (self, error))
    {
      g_mutex_unlock (&self->lock);
      return FALSE;
    }
  self->generation_seconds = g_timer_elapsed (timer, NULL);

  self->auth_server = soup_server_new ("server-header", "AudiencesDemoOrg", NULL);
  self->instance_server = soup_server_new ("server-header", "AudiencesDemoOrg", NULL);
  soup_server_add_handler (self->auth_server, NULL, demo_routes_server_cb, self, NULL);
  soup_server_add_handler (self->instance_server, NULL, demo_routes_server_cb, self, NULL);

  self->instance_url = listen_on_loopback (self->instance_server, self->port, error);
  if (self->instance_url != NULL)
    self->login_url = listen_on_loopback (self->auth_server, 0, error);

  if (self->login_url == NULL)
    {
      g_clear_object (&self->auth_server);
      g_clear_object (&self->instance_server);
      g_clear_pointer (&self->instance_url, g_free);
      demo_data_close (self);
      g_mutex_unlock (&self->lock);
      return FALSE;
    }

  g_mutex_unlock (&self->lock);
  return TRUE;
}

gboolean
aud_demo_org_start (AudDemoOrg  *self,
                    GError     **error)
{
  g_return_val_if_fail (AUD_IS_DEMO_ORG (self), FALSE);
  g_return_val_if_fail (self->instance_server == NULL, FALSE);

  self->context = g_main_context_ref_thread_default ();
  if (!start_in_context (self, error))
    {
      g_clear_pointer (&self->context, g_main_context_unref);
      return FALSE;
    }
  return TRUE;
}

static gpointer
server_thread (gpointer data)
{
  AudDemoOrg *self = data;
  GError *error = NULL;
  gboolean ok;

  g_main_context_push_thread_default (self->context);
  ok = start_in_context (self, &error);

  g_mutex_lock (&self->start_lock);
  self->thread_ready = TRUE;
  self->thread_error = error;
  g_cond_signal (&self->start_cond);
  g_mutex_unlock (&self->start_lock);

  if (ok)
    {
      g_main_loop_run (self->loop);
      /* Servers are made in this context, so they are unmade in it. */
      g_mutex_lock (&self->lock);
      soup_server_disconnect (self->auth_server);
      soup_server_disconnect (self->instance_server);
      g_clear_object (&self->auth_server);
      g_clear_object (&self->instance_server);
      g_mutex_unlock (&self->lock);
      while (g_main_context_iteration (self->context, FALSE))
        ;
    }

  g_main_context_pop_thread_default (self->context);
  return NULL;
}

gboolean
aud_demo_org_start_in_thread (AudDemoOrg  *self,
                              GError     **error)
{
  g_return_val_if_fail (AUD_IS_DEMO_ORG (self), FALSE);
  g_return_val_if_fail (self->instance_server == NULL && self->thread == NULL, FALSE);

  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
  self->thread_ready = FALSE;
  self->thread = g_thread_new ("demo-org", server_thread, self);

  g_mutex_lock (&self->start_lock);
  while (!self->thread_ready)
    g_cond_wait (&self->start_cond, &self->start_lock);
  g_mutex_unlock (&self->start_lock);

  if (self->thread_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&self->thread_error));
      g_main_loop_quit (self->loop);
      g_thread_join (g_steal_pointer (&self->thread));
      g_clear_pointer (&self->loop, g_main_loop_unref);
      g_clear_pointer (&self->context, g_main_context_unref);
      return FALSE;
    }
  return TRUE;
}

static gboolean
quit_loop_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

void
aud_demo_org_stop (AudDemoOrg *self)
{
  g_return_if_fail (AUD_IS_DEMO_ORG (self));

  if (self->thread != NULL)
    {
      g_autoptr(GSource) quit = g_idle_source_new ();

      /* Quit from inside the loop: a g_main_loop_quit() that lands before the server thread
       * reached g_main_loop_run() would be forgotten and the join would hang. */
      g_source_set_callback (quit, quit_loop_cb, g_main_loop_ref (self->loop), (GDestroyNotify) g_main_loop_unref);
      g_source_attach (quit, self->context);
      g_thread_join (g_steal_pointer (&self->thread));
      g_clear_pointer (&self->loop, g_main_loop_unref);
    }
  else
    {
      if (self->auth_server != NULL)
        soup_server_disconnect (self->auth_server);
      if (self->instance_server != NULL)
        soup_server_disconnect (self->instance_server);
      g_clear_object (&self->auth_server);
      g_clear_object (&self->instance_server);
    }

  g_mutex_lock (&self->lock);
  demo_bulk_clear (self);
  demo_query_clear (self);
  demo_data_close (self);
  g_mutex_unlock (&self->lock);
  g_clear_pointer (&self->context, g_main_context_unref);
}

const char *
aud_demo_org_get_login_url (AudDemoOrg *self)
{
  g_return_val_if_fail (AUD_IS_DEMO_ORG (self), NULL);
  return self->login_url;
}

const char *
aud_demo_org_get_instance_url (AudDemoOrg *self)
{
  g_return_val_if_fail (AUD_IS_DEMO_ORG (self), NULL);
  return self->instance_url;
}

const char *
aud_demo_org_get_org_id (AudDemoOrg *self)
{
  g_return_val_if_fail (AUD_IS_DEMO_ORG (self), NULL);
  return self->org_id;
}

const char *
aud_demo_org_get_user_id (AudDemoOrg *self)
{
  g_return_val_if_fail (AUD_IS_DEMO_ORG (self), NULL);
  return self->user_id;
}

void
aud_demo_org_add_redirect_uri (AudDemoOrg *self,
                               const char *uri)
{
  g_return_if_fail (AUD_IS_DEMO_ORG (self));
  g_return_if_fail (uri != NULL);

  g_mutex_lock (&self->lock);
  g_ptr_array_add (self->redirect_uris, g_strdup (uri));
  g_mutex_unlock (&self->lock);
}

/* ---- GObject ---- */

AudDemoOrg *
aud_demo_org_new (void)
{
  return g_object_new (AUD_TYPE_DEMO_ORG, NULL);
}

static void
aud_demo_org_finalize (GObject *object)
{
  AudDemoOrg *self = AUD_DEMO_ORG (object);

  aud_demo_org_stop (self);
  demo_oauth_clear (self);

  g_clear_pointer (&self->login_url, g_free);
  g_clear_pointer (&self->instance_url, g_free);
  g_clear_pointer (&self->database_path, g_free);
  g_clear_pointer (&self->client_secret, g_free);
  g_clear_pointer (&self->redirect_uris, g_ptr_array_unref);
  g_clear_pointer (&self->cursors, g_hash_table_unref);
  g_clear_pointer (&self->bulk_jobs, g_hash_table_unref);
  g_clear_pointer (&self->next_serial, g_hash_table_unref);
  g_clear_pointer (&self->calls_by_endpoint, g_hash_table_unref);
  g_clear_error (&self->thread_error);
  g_mutex_clear (&self->lock);
  g_mutex_clear (&self->start_lock);
  g_cond_clear (&self->start_cond);

  G_OBJECT_CLASS (aud_demo_org_parent_class)->finalize (object);
}

static void
aud_demo_org_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  AudDemoOrg *self = AUD_DEMO_ORG (object);

  switch (prop_id)
    {
    case PROP_SEED: g_value_set_uint64 (value, self->seed); break;
    case PROP_ACCOUNTS: g_value_set_uint (value, self->n_accounts); break;
    case PROP_CONTACTS: g_value_set_uint (value, self->n_contacts); break;
    case PROP_LEADS: g_value_set_uint (value, self->n_leads); break;
    case PROP_OPPORTUNITIES: g_value_set_uint (value, self->n_opportunities); break;
    case PROP_DUPLICATE_PERCENT: g_value_set_uint (value, self->duplicate_percent); break;
    case PROP_EXTRA_CUSTOM_FIELDS: g_value_set_uint (value, self->extra_custom_fields); break;
    case PROP_DATABASE_PATH: g_value_set_string (value, self->database_path); break;
    case PROP_API_MAX: g_value_set_int64 (value, aud_demo_org_get_api_max (self)); break;
    case PROP_ROTATE_REFRESH_TOKENS: g_value_set_boolean (value, self->rotate_refresh_tokens); break;
    case PROP_INTERACTIVE: g_value_set_boolean (value, self->interactive); break;
    case PROP_DENY_AUTHORIZATION: g_value_set_boolean (value, self->deny_authorization); break;
    case PROP_CLIENT_SECRET: g_value_set_string (value, self->client_secret); break;
    case PROP_PORT: g_value_set_uint (value, self->port); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

#define SET_IF_CHANGED(field, value) \
  G_STMT_START { if ((field) != (value)) { (field) = (value); changed = TRUE; } } G_STMT_END

static void
aud_demo_org_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  AudDemoOrg *self = AUD_DEMO_ORG (object);
  gboolean changed = FALSE;

  /* Switches that matter at run time (OAuth behaviour, limits) take the lock; sizes and paths
   * are read only when the org starts. */
  g_mutex_lock (&self->lock);
  switch (prop_id)
    {
    case PROP_SEED: SET_IF_CHANGED (self->seed, g_value_get_uint64 (value)); break;
    case PROP_ACCOUNTS: SET_IF_CHANGED (self->n_accounts, g_value_get_uint (value)); break;
    case PROP_CONTACTS: SET_IF_CHANGED (self->n_contacts, g_value_get_uint (value)); break;
    case PROP_LEADS: SET_IF_CHANGED (self->n_leads, g_value_get_uint (value)); break;
    case PROP_OPPORTUNITIES: SET_IF_CHANGED (self->n_opportunities, g_value_get_uint (value)); break;
    case PROP_DUPLICATE_PERCENT: SET_IF_CHANGED (self->duplicate_percent, g_value_get_uint (value)); break;
    case PROP_EXTRA_CUSTOM_FIELDS: SET_IF_CHANGED (self->extra_custom_fields, g_value_get_uint (value)); break;
    case PROP_DATABASE_PATH:
      if (g_strcmp0 (self->database_path, g_value_get_string (value)) != 0)
        {
          g_free (self->database_path);
          self->database_path = g_value_dup_string (value);
          changed = TRUE;
        }
      break;
    case PROP_API_MAX: SET_IF_CHANGED (self->api_max, g_value_get_int64 (value)); break;
    case PROP_ROTATE_REFRESH_TOKENS: SET_IF_CHANGED (self->rotate_refresh_tokens, g_value_get_boolean (value)); break;
    case PROP_INTERACTIVE: SET_IF_CHANGED (self->interactive, g_value_get_boolean (value)); break;
    case PROP_DENY_AUTHORIZATION: SET_IF_CHANGED (self->deny_authorization, g_value_get_boolean (value)); break;
    case PROP_CLIENT_SECRET:
      if (g_strcmp0 (self->client_secret, g_value_get_string (value)) != 0)
        {
          g_free (self->client_secret);
          self->client_secret = g_value_dup_string (value);
          changed = TRUE;
        }
      break;
    case PROP_PORT: SET_IF_CHANGED (self->port, g_value_get_uint (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
  g_mutex_unlock (&self->lock);

  /* Outside the lock: a handler may read the org back. */
  if (changed)
    g_object_notify_by_pspec (object, pspec);
}

#undef SET_IF_CHANGED

static void
aud_demo_org_class_init (AudDemoOrgClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = aud_demo_org_finalize;
  object_class->get_property = aud_demo_org_get_property;
  object_class->set_property = aud_demo_org_set_property;

  properties[PROP_SEED] = g_param_spec_uint64 ("seed", NULL, NULL, 0, G_MAXUINT64, 1, flags);
  properties[PROP_ACCOUNTS] = g_param_spec_uint ("accounts", NULL, NULL, 0, 10000000, 100, flags);
  properties[PROP_CONTACTS] = g_param_spec_uint ("contacts", NULL, NULL, 0, 50000000, 500, flags);
  properties[PROP_LEADS] = g_param_spec_uint ("leads", NULL, NULL, 0, 10000000, 100, flags);
  properties[PROP_OPPORTUNITIES] = g_param_spec_uint ("opportunities", NULL, NULL, 0, 10000000, 50, flags);
  properties[PROP_DUPLICATE_PERCENT] = g_param_spec_uint ("duplicate-percent", NULL, NULL, 0, 50, 10, flags);
  properties[PROP_EXTRA_CUSTOM_FIELDS] = g_param_spec_uint ("extra-custom-fields", NULL, NULL, 0, 780, 0, flags);
  properties[PROP_DATABASE_PATH] = g_param_spec_string ("database-path", NULL, NULL, NULL, flags);
  properties[PROP_API_MAX] = g_param_spec_int64 ("api-max", NULL, NULL, 0, G_MAXINT64, 15000, flags);
  properties[PROP_ROTATE_REFRESH_TOKENS] = g_param_spec_boolean ("rotate-refresh-tokens", NULL, NULL, FALSE, flags);
  properties[PROP_INTERACTIVE] = g_param_spec_boolean ("interactive", NULL, NULL, FALSE, flags);
  properties[PROP_DENY_AUTHORIZATION] = g_param_spec_boolean ("deny-authorization", NULL, NULL, FALSE, flags);
  properties[PROP_CLIENT_SECRET] = g_param_spec_string ("client-secret", NULL, NULL, NULL, flags);
  properties[PROP_PORT] = g_param_spec_uint ("port", NULL, NULL, 0, 65535, 0, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
aud_demo_org_init (AudDemoOrg *self)
{
  g_autofree char *org = NULL;
  g_autofree char *user = NULL;

  g_mutex_init (&self->lock);
  g_mutex_init (&self->start_lock);
  g_cond_init (&self->start_cond);

  self->seed = 1;
  self->n_accounts = 100;
  self->n_contacts = 500;
  self->n_leads = 100;
  self->n_opportunities = 50;
  self->duplicate_percent = 10;
  self->api_max = 15000;
  self->cursor_lifetime_seconds = 2 * 24 * 3600;

  self->redirect_uris = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->redirect_uris, g_strdup (AUD_DEMO_ORG_DEFAULT_REDIRECT_URI));
  g_ptr_array_add (self->redirect_uris, g_strdup (AUD_DEMO_ORG_DEFAULT_REDIRECT_URI_IP));

  self->cursors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->bulk_jobs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->next_serial = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->calls_by_endpoint = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  org = aud_sf_id_make (AUD_SF_ID_PREFIX_ORGANIZATION, "8d", 4242);
  user = aud_sf_id_make (AUD_SF_ID_PREFIX_USER, "8d", 1);
  memcpy (self->org_id, org, 19);
  memcpy (self->user_id, user, 19);

  demo_oauth_init (self);
}
