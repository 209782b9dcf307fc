/* aud-demo-org-words.h — word tables the demo org's generator draws names, places and titles from
 *
 * Included by the generator's two source files only.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

static const char * const first_names[] = {
  "James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "William", "Elizabeth",
  "David", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah", "Charles", "Karen",
  "Christopher", "Nancy", "Daniel", "Margaret", "Matthew", "Lisa", "Anthony", "Betty", "Mark", "Dorothy",
  "Steven", "Sandra", "Andrew", "Ashley", "Joshua", "Kimberly", "Kenneth", "Emily", "Kevin", "Donna",
  "Brian", "Michelle", "George", "Carol", "Timothy", "Amanda", "Ronald", "Melissa", "Edward", "Deborah",
  "Jason", "Stephanie", "Jeffrey", "Rebecca", "Ryan", "Sharon", "Jacob", "Laura", "Gary", "Cynthia",
  "Nicholas", "Kathleen", "Eric", "Amy", "Jonathan", "Angela", "Stephen", "Shirley", "Larry", "Anna",
  "Sophie", "Lukas", "Amélie", "Jörg", "Zoë", "Siobhán", "Rahul", "Priya", "Wei", "Yuki", "Olu", "Ngozi",
};

static const struct { const char *name; const char *nick; } nicknames[] = {
  { "Robert", "Bob" }, { "William", "Bill" }, { "Elizabeth", "Liz" }, { "Richard", "Dick" },
  { "Joseph", "Joe" }, { "Thomas", "Tom" }, { "Charles", "Chuck" }, { "Christopher", "Chris" },
  { "Daniel", "Dan" }, { "Margaret", "Peggy" }, { "Matthew", "Matt" }, { "Anthony", "Tony" },
  { "Steven", "Steve" }, { "Andrew", "Andy" }, { "Joshua", "Josh" }, { "Kenneth", "Ken" },
  { "Michael", "Mike" }, { "Jennifer", "Jen" }, { "Patricia", "Pat" }, { "James", "Jim" },
  { "Timothy", "Tim" }, { "Ronald", "Ron" }, { "Edward", "Ted" }, { "Jeffrey", "Jeff" },
  { "Nicholas", "Nick" }, { "Jonathan", "Jon" }, { "Kimberly", "Kim" }, { "Rebecca", "Becky" },
  { "Katherine", "Kate" }, { "Deborah", "Deb" }, { "Stephanie", "Steph" }, { "Samantha", "Sam" },
};

static const char * const last_names[] = {
  "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez",
  "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin",
  "Lee", "Perez", "Thompson", "White", "Harris", "Sanchez", "Clark", "Ramirez", "Lewis", "Robinson",
  "Walker", "Young", "Allen", "King", "Wright", "Scott", "Torres", "Nguyen", "Hill", "Flores",
  "Green", "Adams", "Nelson", "Baker", "Hall", "Rivera", "Campbell", "Mitchell", "Carter", "Roberts",
  "O'Brien", "McDonald", "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Dubois", "Lefèvre", "Rossi",
  "Kowalski", "Novak", "Andersson", "Johansson", "Tanaka", "Suzuki", "Patel", "Singh", "Okafor", "Mensah",
  "van der Berg", "De Luca", "Fitzgerald", "Gallagher", "Kaplan", "Lindqvist", "Moreau", "Petrov", "Quinn", "Reyes",
};

static const char * const company_a[] = {
  "Acme", "Globex", "Initech", "Umbrella", "Stark", "Wayne", "Wonka", "Hooli", "Vandelay", "Cyberdyne",
  "Soylent", "Tyrell", "Massive", "Oscorp", "Nakatomi", "Gringotts", "Pied Piper", "Aperture", "Black Mesa",
  "Blue Sun", "Monarch", "Prestige", "Sterling", "Dunder", "Bluth", "Krusty", "Gekko", "Vortex", "Northwind",
  "Contoso", "Fabrikam", "Tailspin", "Litware", "Proseware", "Adatum", "Lucerne", "Margie", "Wingtip",
  "Alpine", "Coho", "Fourth Coffee", "Humongous", "Trey", "Woodgrove", "Bellows", "Kinetic", "Summit",
  "Harbor", "Evergreen", "Redwood", "Granite", "Cobalt", "Silverline", "Brightwater", "Ironclad", "Keystone",
};

static const char * const company_b[] = {
  "Systems", "Industries", "Analytics", "Logistics", "Software", "Labs", "Holdings", "Partners", "Foods",
  "Energy", "Health", "Robotics", "Media", "Capital", "Consulting", "Networks", "Dynamics", "Solutions",
  "Manufacturing", "Pharma", "Retail", "Security", "Telecom", "Aerospace", "Biotech", "Insurance",
};

static const char * const suffixes[] = { "Inc", "LLC", "Ltd", "GmbH", "Corp", "Co", "SA", "AG", "PLC", "" };

static const struct { const char *canonical; const char *variants[4]; } suffix_variants[] = {
  { "Inc", { "Inc.", ", Inc.", "Incorporated", "" } },
  { "LLC", { "L.L.C.", ", LLC", "llc", "" } },
  { "Ltd", { "Ltd.", "Limited", ", Ltd.", "" } },
  { "GmbH", { "G.m.b.H.", "gmbh", "GMBH", "" } },
  { "Corp", { "Corp.", "Corporation", ", Corp.", "" } },
  { "Co", { "Co.", "Company", "& Co.", "" } },
  { "SA", { "S.A.", "sa", "", "" } },
  { "AG", { "A.G.", "ag", "", "" } },
  { "PLC", { "plc", "P.L.C.", "", "" } },
  { "", { "Inc", "Group", "", "" } },
};

static const char * const titles[] = {
  "CEO", "CFO", "CTO", "VP of Sales", "VP Marketing", "Director of Operations", "Head of RevOps",
  "Sales Manager", "Account Executive", "Marketing Manager", "Product Manager", "Software Engineer",
  "Procurement Lead", "Office Manager", "IT Director", "Data Analyst", "Customer Success Manager",
  "Chief Revenue Officer", "Sales Development Rep", "Controller", "HR Business Partner", "Buyer",
};

static const char * const departments[] = {
  "Sales", "Marketing", "Finance", "Engineering", "Operations", "IT", "Procurement", "HR", "Customer Success",
};

static const struct { const char *city; const char *state; const char *postal; const char *country;
                      const char *phone_prefix; double lat; double lon; } places[] = {
  { "San Francisco", "CA", "94105", "United States", "+1 415", 37.7897, -122.3942 },
  { "New York", "NY", "10013", "United States", "+1 212", 40.7209, -74.0048 },
  { "Chicago", "IL", "60601", "United States", "+1 312", 41.8858, -87.6181 },
  { "Austin", "TX", "78701", "United States", "+1 512", 30.2711, -97.7437 },
  { "Seattle", "WA", "98101", "United States", "+1 206", 47.6101, -122.3344 },
  { "Boston", "MA", "02110", "United States", "+1 617", 42.3570, -71.0514 },
  { "Denver", "CO", "80202", "United States", "+1 303", 39.7508, -104.9966 },
  { "Atlanta", "GA", "30303", "United States", "+1 404", 33.7529, -84.3925 },
  { "Toronto", "ON", "M5H 2N2", "Canada", "+1 416", 43.6507, -79.3817 },
  { "London", NULL, "EC2V 7HH", "United Kingdom", "+44 20", 51.5155, -0.0922 },
  { "Manchester", NULL, "M1 1AE", "United Kingdom", "+44 161", 53.4808, -2.2426 },
  { "Berlin", "Berlin", "10117", "Germany", "+49 30", 52.5170, 13.3889 },
  { "München", "Bayern", "80331", "Germany", "+49 89", 48.1372, 11.5755 },
  { "Paris", NULL, "75002", "France", "+33 1", 48.8686, 2.3431 },
  { "Amsterdam", NULL, "1017 CE", "Netherlands", "+31 20", 52.3637, 4.8936 },
  { "Stockholm", NULL, "111 52", "Sweden", "+46 8", 59.3326, 18.0649 },
  { "Dublin", NULL, "D02 X285", "Ireland", "+353 1", 53.3441, -6.2675 },
  { "Sydney", "NSW", "2000", "Australia", "+61 2", -33.8688, 151.2093 },
  { "Tokyo", NULL, "100-0005", "Japan", "+81 3", 35.6812, 139.7671 },
  { "Lagos", NULL, "101233", "Nigeria", "+234 1", 6.4550, 3.3841 },
};

static const char * const streets[] = {
  "Market St", "Main Street", "Broadway", "High Street", "Oak Avenue", "Elm Street", "Park Lane",
  "Friedrichstraße", "Rue de Rivoli", "King Street", "Harbor Blvd", "Mission St", "Lake Shore Dr",
};
