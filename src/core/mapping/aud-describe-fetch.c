/* aud-describe-fetch.c — fetching an object's describe from Salesforce
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "aud-describe-fetch.h"

AudDescribe *
aud_describe_fetch (AudSalesforceClient  *client,
                    const char           *object,
                    GCancellable         *cancellable,
                    GError              **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *path = NULL;
  g_autofree char *data = NULL;

  g_return_val_if_fail (AUD_IS_SALESFORCE_CLIENT (client), NULL);
  g_return_val_if_fail (object != NULL, NULL);

  path = g_strdup_printf ("sobjects/%s/describe", object);
  root = aud_salesforce_client_get_json (client, path, NULL, cancellable, error);
  if (root == NULL)
    {
      g_prefix_error (error, _("Could not fetch the %s fields: "), object);
      return NULL;
    }

  /* Kept as text: the workspace caches Salesforce's answer as it came. */
  data = json_to_string (root, FALSE);
  return aud_describe_new_from_data (data, -1, NULL, error);
}

typedef struct
{
  AudCredentials *credentials;
  char           *instance_url;
  char           *api_version;
  char           *object;
} FetchData;

static void
fetch_data_free (FetchData *data)
{
  g_clear_object (&data->credentials);
  g_free (data->instance_url);
  g_free (data->api_version);
  g_free (data->object);
  g_free (data);
}

static void
fetch_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  FetchData *data = task_data;
  g_autoptr(AudSalesforceClient) client = NULL;
  g_autoptr(GError) error = NULL;
  AudDescribe *describe;

  client = aud_salesforce_client_new (data->credentials, data->instance_url, data->api_version);
  describe = aud_describe_fetch (client, data->object, cancellable, &error);
  if (describe == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, describe, g_object_unref);
}

void
aud_describe_fetch_async (AudCredentials       *credentials,
                          const char           *instance_url,
                          const char           *api_version,
                          const char           *object,
                          GCancellable         *cancellable,
                          GAsyncReadyCallback   callback,
                          gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  FetchData *data;

  g_return_if_fail (AUD_IS_CREDENTIALS (credentials));
  g_return_if_fail (instance_url != NULL);
  g_return_if_fail (object != NULL);

  data = g_new0 (FetchData, 1);
  data->credentials = g_object_ref (credentials);
  data->instance_url = g_strdup (instance_url);
  data->api_version = g_strdup (api_version);
  data->object = g_strdup (object);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, aud_describe_fetch_async);
  g_task_set_task_data (task, data, (GDestroyNotify) fetch_data_free);
  g_task_run_in_thread (task, fetch_thread);
}

AudDescribe *
aud_describe_fetch_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == aud_describe_fetch_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
