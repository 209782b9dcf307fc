/* soql-test-schema.h — the SOQL tests' schema and database: Contact → Account → User
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sqlite3.h>

#include "aud-soql.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

/* Contact has FirstName, LastName, AccountId (Account), Birthdate, SystemModstamp,
 * HasOptedOutOfEmail, Score__c, Description and MailingAddress (neither filterable nor
 * sortable) and Manager__c (Manager__r → Contact); Account has Name, OwnerId (Owner →
 * "Group,User"), NumberOfEmployees; User has Name. */
extern const AudSoqlField  soql_test_user_fields[];
extern const AudSoqlField  soql_test_account_fields[];
extern const AudSoqlField  soql_test_contact_fields[];

/* Answers lookups by relationship name too, like the demo org's schema. */
extern const AudSoqlSchema soql_test_schema;
/* Answers field names only: relationships are found through their key fields. */
extern const AudSoqlSchema soql_test_plain_schema;

typedef struct
{
  sqlite3 *db;
} Fixture;

/* An in-memory database with the three tables, nine hand-made contacts (one deleted, one with a
 * deleted account), twenty generated ones two per modstamp second, and the Unicode functions. */
void soql_test_fixture_setup    (Fixture       *f,
                                 gconstpointer  data);
void soql_test_fixture_teardown (Fixture       *f,
                                 gconstpointer  data);
