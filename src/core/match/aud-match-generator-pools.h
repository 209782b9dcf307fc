/* aud-match-generator-pools.h — names, companies and streets the generator draws from
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Data tables, included by aud-match-generator.c only (they are static). Order matters: the
 * generator favours the start of first_names and surnames, so common names come first.
 */
#pragma once

#include <glib.h>

/* formal name, then the nicknames the same person might use */
G_GNUC_UNUSED static const char * const first_names[][4] = {
  { "James", "Jim", "Jimmy" }, { "Mary" }, { "Robert", "Bob", "Rob" }, { "Patricia", "Pat", "Trish" },
  { "John", "Jack", "Johnny" }, { "Jennifer", "Jen", "Jenny" }, { "Michael", "Mike", "Mikey" },
  { "Linda" }, { "David", "Dave" }, { "Elizabeth", "Liz", "Beth" }, { "William", "Bill", "Will" },
  { "Barbara", "Barb" }, { "Richard", "Rick", "Rich" }, { "Susan", "Sue", "Susie" },
  { "Joseph", "Joe", "Joey" }, { "Jessica", "Jess" }, { "Thomas", "Tom", "Tommy" }, { "Sarah" },
  { "Christopher", "Chris" }, { "Karen" }, { "Charles", "Charlie", "Chuck" }, { "Lisa" },
  { "Daniel", "Dan", "Danny" }, { "Nancy" }, { "Matthew", "Matt" }, { "Betty" },
  { "Anthony", "Tony" }, { "Margaret", "Maggie", "Peggy" }, { "Mark" }, { "Sandra", "Sandy" },
  { "Donald", "Don" }, { "Ashley" }, { "Steven", "Steve" }, { "Kimberly", "Kim" },
  { "Andrew", "Andy", "Drew" }, { "Emily" }, { "Joshua", "Josh" }, { "Donna" },
  { "Kenneth", "Ken" }, { "Michelle" }, { "Kevin" }, { "Carol" }, { "Brian" }, { "Amanda", "Mandy" },
  { "Timothy", "Tim" }, { "Melissa", "Mel" }, { "Ronald", "Ron" }, { "Deborah", "Deb", "Debbie" },
  { "Jason" }, { "Stephanie", "Steph" }, { "Jeffrey", "Jeff" }, { "Rebecca", "Becky" },
  { "Gary" }, { "Laura" }, { "Nicholas", "Nick" }, { "Katherine", "Kate", "Katie" },
  { "Eric" }, { "Amy" }, { "Jonathan", "Jon" }, { "Angela", "Angie" }, { "Samuel", "Sam" },
  { "Victoria", "Vicky" }, { "Benjamin", "Ben" }, { "Christina", "Tina" }, { "Alexander", "Alex" },
  { "Samantha", "Sam" }, { "Edward", "Ed", "Ted" }, { "Theresa", "Tess" }, { "Gregory", "Greg" },
  { "Olivia" }, { "Raymond", "Ray" }, { "Sophia", "Sophie" }, { "Frank" }, { "Priya" },
  { "José" }, { "Zoë" }, { "Hiroshi" }, { "Fatima" }, { "Wei" }, { "Søren" }, { "Aoife" },
  { "Lukas" }, { "Chloé" }, { "Mateo" }, { "Anika" }, { "Omar" }, { "Ingrid" }, { "Rahul" },
};

G_GNUC_UNUSED static const char * const surnames[] = {
  "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez",
  "Martinez", "Hernandez", "Lopez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore",
  "Jackson", "Martin", "Lee", "Thompson", "White", "Harris", "Clark", "Lewis", "Robinson",
  "Walker", "Young", "Allen", "King", "Wright", "Scott", "Torres", "Nguyen", "Hill", "Flores",
  "Green", "Adams", "Nelson", "Baker", "Hall", "Rivera", "Campbell", "Mitchell", "Carter",
  "Roberts", "Patel", "Müller", "O'Brien", "García López", "van der Berg", "Smith-Jones",
  "Núñez", "Kowalski", "Schmidt", "Rossi", "Dubois", "Jensen", "Nakamura", "Kim", "Chen",
  "MacDonald", "D'Angelo", "de la Cruz", "Okafor", "Haddad", "Novak", "Fischer", "Lindqvist",
  "Gallagher", "Murphy", "Kelly", "Sullivan", "Bennett", "Cooper", "Reed", "Bailey", "Bell",
  "Gomez", "Murray", "Freeman", "Wells", "Webb", "Simpson", "Stevens", "Tucker", "Porter",
  "Hunter", "Hicks", "Crawford", "Henry", "Boyd", "Mason", "Morales", "Kennedy", "Warren",
  "Dixon", "Ramos", "Reyes", "Burns", "Gordon", "Shaw", "Holmes", "Rice", "Robertson",
  "Hunt", "Black", "Daniels", "Palmer", "Mills", "Nichols", "Grant", "Knight", "Ferguson",
  "Rose", "Stone", "Hawkins", "Dunn", "Perkins", "Hudson", "Spencer", "Gardner", "Stephens",
  "Payne", "Pierce", "Berry", "Matthews", "Arnold", "Wagner", "Willis", "Ray", "Watkins",
  "Olson", "Carroll", "Duncan", "Snyder", "Hart", "Cunningham", "Bradley", "Lane", "Andrews",
  "Ruiz", "Harper", "Fox", "Riley", "Armstrong", "Carpenter", "Weaver", "Greene", "Lawrence",
  "Elliott", "Chavez", "Sims", "Austin", "Peters", "Kelley", "Franklin", "Lawson", "Fields",
  "Ryan", "Schneider", "Hoffmann", "Bianchi", "Moreau", "Lefebvre", "Svensson", "Hansen",
  "Yamamoto", "Tanaka", "Singh", "Sharma", "Kaur", "Ali", "Hassan", "Ivanova", "Petrov",
  "Horvath", "Varga", "Nowak", "Wojcik", "Costa", "Silva", "Santos", "Pereira", "Ferreira",
  "Abbott", "Ashworth", "Blackwood", "Castellano", "Delacroix", "Eastwood", "Fairbanks",
  "Gutierrez", "Holloway", "Iverson", "Jablonski", "Kingsley", "Lockhart", "Montgomery",
  "Northcott", "Oyelaran", "Pemberton", "Quintero", "Rasmussen", "Stroud", "Thornbury",
  "Underwood", "Valdivia", "Whitfield", "Xiong", "Yardley", "Zielinski",
};

G_GNUC_UNUSED static const char * const company_words_a[] = {
  "Acme", "Blue", "Summit", "Northern", "Pacific", "Granite", "Silver", "Bright", "Atlas",
  "Harbor", "Pioneer", "Crescent", "Evergreen", "Keystone", "Liberty", "Meridian", "Nova",
  "Orion", "Quantum", "Redwood", "Sterling", "Titan", "Unity", "Vertex", "Willow", "Zenith",
  "Apex", "Beacon", "Cobalt", "Delta", "Echo", "Falcon", "Golden", "Horizon", "Iron", "Jade",
  "Lighthouse", "Maple", "Oak", "Prairie", "Riverside", "Stone", "Trident", "Urban",
};
G_GNUC_UNUSED static const char * const company_words_b[] = {
  "Systems", "Analytics", "Logistics", "Health", "Foods", "Energy", "Capital", "Labs",
  "Software", "Dynamics", "Partners", "Solutions", "Networks", "Robotics", "Media", "Bank",
  "Insurance", "Consulting", "Manufacturing", "Pharma", "Retail", "Telecom", "Ventures",
  "Holdings", "Industries", "Works", "Motors", "Studios", "Brewing", "Bio",
};
G_GNUC_UNUSED static const char * const legal_forms[] = {
  "Inc.", "Inc", "LLC", "Ltd", "Corp.", "Corporation", "Co.", "GmbH", "PLC", "", "", "",
};
G_GNUC_UNUSED static const char * const streets[] = {
  "Main", "Oak", "Pine", "Maple", "Cedar", "Elm", "Washington", "Lake", "Hill", "Park",
  "Sunset", "River", "Church", "Highland", "Market", "Spring", "Mill", "Union", "Broad",
};
G_GNUC_UNUSED static const char * const street_types[][2] = {
  { "Street", "St" }, { "Avenue", "Ave" }, { "Road", "Rd" }, { "Boulevard", "Blvd" },
  { "Drive", "Dr" }, { "Lane", "Ln" },
};
G_GNUC_UNUSED static const char * const free_mail[] = {
  "gmail.com", "yahoo.com", "outlook.com", "hotmail.com", "icloud.com", "aol.com",
};
G_GNUC_UNUSED static const char * const tlds[] = { "com", "com", "com", "com", "io", "co.uk", "net", "de" };
