/* aud-nicknames.c — equivalence classes of English given names and their nicknames
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "aud-normalize.h"

/* One class per line: the formal name first, then the names people go by. A name may appear in
 * several classes ("al", "chris", "sam"); two names are equivalent when they share one. Kept to
 * forms seen in CRM data rather than every historical diminutive, because each extra form is
 * also a way for two different people to look alike. */
static const char * const classes[] = {
  "abigail abby abbie gail",
  "abraham abe bram",
  "albert al bert bertie",
  "alan al allan allen",
  "alexander alex al alec alexis sandy xander lex",
  "alexandra alex alexa lexi sandra sandy",
  "alfred al alf alfie fred freddie",
  "allison ali allie alison",
  "amanda mandy manda",
  "andrew andy drew",
  "angela angie",
  "anthony tony ant",
  "antonio tony toni",
  "arthur art artie",
  "barbara barb barbie babs",
  "benjamin ben benny benji",
  "bernard bernie",
  "beverly bev",
  "bradley brad",
  "brian bri bryan",
  "calvin cal",
  "cameron cam",
  "carol carrie caroline carolyn",
  "catherine cathy cate kate katie cat",
  "charles charlie chuck chas chaz",
  "charlotte charlie lottie",
  "christina chris tina christy christine",
  "christopher chris kit topher",
  "clifford cliff",
  "constance connie",
  "cynthia cindy",
  "daniel dan danny",
  "danielle dani",
  "david dave davey",
  "deborah deb debbie debra",
  "dennis denny",
  "dominic dom",
  "donald don donnie",
  "dorothy dot dottie",
  "douglas doug",
  "edward ed eddie ted teddy ned",
  "edwin ed eddie",
  "elizabeth liz lizzie beth betsy betty eliza libby liza lisa elisabeth",
  "emily em emmy",
  "eric rick ricky",
  "eugene gene",
  "florence flo",
  "frances fran frannie",
  "francis frank frankie fran",
  "frederick fred freddie fritz",
  "gabriel gabe",
  "gabrielle gabby gabi",
  "geoffrey geoff jeff",
  "gerald gerry jerry",
  "gregory greg",
  "harold hal harry",
  "henry hank harry hal",
  "herbert herb bert",
  "isabella bella izzy isabel",
  "jacob jake",
  "james jim jimmy jamie jimbo",
  "janet jan",
  "jeffrey jeff",
  "jennifer jen jenny jenn",
  "jessica jess jessie",
  "joanna jo joanne",
  "john jack johnny jon",
  "jonathan jon jonny nathan",
  "joseph joe joey jos",
  "josephine jo josie",
  "joshua josh",
  "judith judy jude",
  "katherine kate katie kathy kat kay kathryn kit kitty",
  "kathleen kathy kate katie",
  "kenneth ken kenny",
  "kimberly kim",
  "lawrence larry laurie",
  "leonard leo len lenny",
  "leslie les",
  "lillian lily lil",
  "louis lou louie",
  "louise lou lulu",
  "lucille lucy",
  "margaret maggie meg peggy marge margie greta maisie",
  "matthew matt matty",
  "megan meg",
  "melissa mel missy",
  "michael mike mikey mick mickey",
  "michelle shelly",
  "miriam mimi",
  "mitchell mitch",
  "nancy nan",
  "natalie nat",
  "nathaniel nate nat nathan",
  "nicholas nick nicky nico",
  "nicole nicky nikki",
  "oliver ollie",
  "pamela pam",
  "patricia pat patty trish tricia",
  "patrick pat paddy",
  "peter pete",
  "philip phil pip",
  "rebecca becky becca",
  "raymond ray",
  "richard rick ricky dick rich richie",
  "robert bob bobby rob robbie bert",
  "roberta bobbie",
  "ronald ron ronnie",
  "rosemary rose rosie",
  "russell russ",
  "samantha sam sammy",
  "samuel sam sammy",
  "sandra sandy",
  "sophia sophie",
  "stephanie steph stephie",
  "stephen steve stevie steven",
  "susan sue susie suzy",
  "suzanne sue suzy",
  "terence terry",
  "theodore ted teddy theo",
  "theresa terri tess tessa",
  "thomas tom tommy",
  "timothy tim timmy",
  "valerie val",
  "veronica ronnie vera",
  "victoria vicky tori",
  "vincent vince vinny",
  "walter walt wally",
  "william bill billy will willy liam",
  "zachary zach zack",
};

typedef struct
{
  GHashTable *classes_of;  /* name → GPtrArray of formal names (static strings) */
  guint       n_names;
} Table;

static gpointer
build_table (gpointer data)
{
  Table *table = g_new0 (Table, 1);

  table->classes_of = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    {
      /* leaked on purpose: the table lives for the whole process */
      char **names = g_strsplit (classes[i], " ", -1);

      for (guint j = 0; names[j] != NULL; j++)
        {
          GPtrArray *formal = g_hash_table_lookup (table->classes_of, names[j]);

          if (formal == NULL)
            {
              formal = g_ptr_array_new ();
              g_hash_table_insert (table->classes_of, names[j], formal);
            }
          g_ptr_array_add (formal, names[0]);
          table->n_names++;
        }
    }
  return table;
}

static Table *
get_table (void)
{
  static GOnce once = G_ONCE_INIT;

  return g_once (&once, build_table, NULL);
}

guint
aud_nickname_table_size (void)
{
  return get_table ()->n_names;
}

const char *
aud_nickname_canonical (const char *normalized_first)
{
  GPtrArray *formal;

  if (normalized_first == NULL)
    return NULL;
  formal = g_hash_table_lookup (get_table ()->classes_of, normalized_first);
  return formal != NULL ? g_ptr_array_index (formal, 0) : normalized_first;
}

gboolean
aud_nicknames_equivalent (const char *normalized_a,
                          const char *normalized_b)
{
  Table *table = get_table ();
  GPtrArray *a, *b;

  if (normalized_a == NULL || normalized_b == NULL)
    return FALSE;
  if (strcmp (normalized_a, normalized_b) == 0)
    return TRUE;
  a = g_hash_table_lookup (table->classes_of, normalized_a);
  b = g_hash_table_lookup (table->classes_of, normalized_b);
  if (a == NULL || b == NULL)
    return FALSE;
  for (guint i = 0; i < a->len; i++)
    for (guint j = 0; j < b->len; j++)
      if (g_ptr_array_index (a, i) == g_ptr_array_index (b, j))
        return TRUE;
  return FALSE;
}
