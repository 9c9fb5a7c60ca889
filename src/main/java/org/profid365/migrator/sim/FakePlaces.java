package org.profid365.migrator.sim;

import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Postal addresses and phone numbers in each country's own habits (postcode shapes, street order, the many
 * ways people type a phone number), plus the currency a client from there pays in.
 */
final class FakePlaces {

    /** One postal address, split into the export's columns. */
    record Address(String street, String city, String state, String postalCode, String country) {
    }

    /** A city with its state or region, its phone area code and a postcode template (# digit, @ letter). */
    private record City(String name, String state, String areaCode, String postcode) {
    }

    /**
     * How a country writes things. Street templates: <code>{s}</code> street name, <code>{n}</code> a number.
     * Phone templates: {@code A} area code, {@code M} mobile prefix, {@code #} a random digit.
     */
    private record Country(String code, String displayName, String[] otherNames, String currency, City[] cities,
                           String[] streets, String[] streetFormats, String[] landlines, String[] mobilePrefixes,
                           String[] mobiles) {
    }

    private static final Map<String, Country> COUNTRIES = new TreeMap<>();

    static {
        add(new Country("DE", "Germany", new String[] {"Deutschland", "DE"}, "EUR",
                new City[] {city("Berlin", "Berlin", "30", "1####"), city("Hamburg", "Hamburg", "40", "2####"),
                        city("München", "Bayern", "89", "80###"), city("Köln", "Nordrhein-Westfalen", "221", "50###"),
                        city("Frankfurt am Main", "Hessen", "69", "60###"), city("Stuttgart", "Baden-Württemberg", "711", "70###"),
                        city("Düsseldorf", "Nordrhein-Westfalen", "211", "40###"), city("Leipzig", "Sachsen", "341", "04###"),
                        city("Dresden", "Sachsen", "351", "01###"), city("Potsdam", "Brandenburg", "331", "144##")},
                new String[] {"Hauptstraße", "Bahnhofstraße", "Friedrichstraße", "Schönhauser Allee", "Kastanienallee",
                        "Gartenweg", "Lindenstraße", "Am Markt", "Goethestraße", "Schillerplatz", "Kurfürstendamm",
                        "Torstraße", "Bergmannstraße", "Mühlenweg", "Karl-Marx-Allee", "Straße des 17. Juni"},
                new String[] {"{s} {n}", "{s} {n}", "{s} {n}a", "{s} {n}, Hinterhaus", "{s} {n}\nc/o Praxis"},
                new String[] {"+49 A #######", "0A ########", "+49 (0)A ######", "0049 A ########"},
                new String[] {"151", "160", "170", "171", "172", "176", "179"},
                new String[] {"0M/#######", "+49 M #######", "+49 (0)M ########", "0M ########", "+49M########"}));
        add(new Country("AT", "Austria", new String[] {"Österreich", "AT"}, "EUR",
                new City[] {city("Wien", "Wien", "1", "1##0"), city("Graz", "Steiermark", "316", "80##"),
                        city("Salzburg", "Salzburg", "662", "50##"), city("Linz", "Oberösterreich", "732", "40##"),
                        city("Innsbruck", "Tirol", "512", "60##")},
                new String[] {"Mariahilfer Straße", "Herrengasse", "Landstraßer Hauptstraße", "Getreidegasse", "Annenstraße"},
                new String[] {"{s} {n}", "{s} {n}/{n}"},
                new String[] {"+43 A ######", "0A ######"},
                new String[] {"650", "660", "664", "676", "699"},
                new String[] {"0M #######", "+43 M #######", "+43 M/#######"}));
        add(new Country("CH", "Switzerland", new String[] {"Schweiz", "CH"}, "CHF",
                new City[] {city("Zürich", "ZH", "44", "80##"), city("Basel", "BS", "61", "40##"),
                        city("Bern", "BE", "31", "30##"), city("Genève", "GE", "22", "120#"), city("Luzern", "LU", "41", "600#")},
                new String[] {"Bahnhofstrasse", "Seefeldstrasse", "Rue du Rhône", "Marktgasse", "Freie Strasse"},
                new String[] {"{s} {n}"},
                new String[] {"+41 A ### ## ##", "0A ### ## ##", "0041 A ### ## ##"},
                new String[] {"76", "77", "78", "79"},
                new String[] {"+41 M ### ## ##", "0M ### ## ##", "0041 M ### ## ##"}));
        add(new Country("GB", "United Kingdom", new String[] {"UK", "England", "GB"}, "GBP",
                new City[] {city("London", "Greater London", "20", "@@# #@@"), city("Manchester", "Greater Manchester", "161", "M## #@@"),
                        city("Bristol", "Bristol", "117", "BS# #@@"), city("Edinburgh", "Scotland", "131", "EH# #@@"),
                        city("Leeds", "West Yorkshire", "113", "LS# #@@")},
                new String[] {"Baker Street", "Victoria Road", "Church Lane", "Station Road", "King's Road", "High Street",
                        "St John's Wood Road"},
                new String[] {"{n} {s}", "Flat {n}, {n} {s}", "{n} {s}"},
                new String[] {"+44 A #### ####", "0A #### ####", "(0A) #### ####"},
                new String[] {"7700", "7911", "7400", "7825"},
                new String[] {"0M ######", "+44 M ######", "+44 (0)M ######"}));
        add(new Country("US", "United States", new String[] {"USA", "US", "United States of America"}, "USD",
                new City[] {city("New York", "NY", "212", "100##"), city("San Francisco", "CA", "415", "941##"),
                        city("Austin", "TX", "512", "787##"), city("Chicago", "IL", "312", "606##"),
                        city("Boston", "MA", "617", "021##"), city("Seattle", "WA", "206", "981##")},
                new String[] {"Maple Ave", "Market St", "Broadway", "Oak Street", "5th Avenue", "Lakeshore Dr", "Elm St"},
                new String[] {"{n} {s}", "{n} {s}, Suite {n}", "{n} {s} Apt {n}"},
                new String[] {"(A) 555-01##", "A-555-01##", "+1 A 555 01##", "A.555.01##", "+1-A-555-01##"},
                new String[] {"212", "415", "646", "917", "312"},
                new String[] {"(M) 555-01##", "+1 M 555 01##", "M-555-01##"}));
        add(new Country("IE", "Ireland", new String[] {"Éire", "IE"}, "EUR",
                new City[] {city("Dublin", "County Dublin", "1", "D0# @###"), city("Cork", "County Cork", "21", "T12 @###"),
                        city("Galway", "County Galway", "91", "H91 @###")},
                new String[] {"Grafton Street", "O'Connell Street", "Patrick Street", "Shop Street"},
                new String[] {"{n} {s}"},
                new String[] {"+353 A ### ####", "0A ### ####"},
                new String[] {"83", "85", "86", "87"},
                new String[] {"0M ### ####", "+353 M ### ####"}));
        add(new Country("FR", "France", new String[] {"FR"}, "EUR",
                new City[] {city("Paris", "Île-de-France", "1", "750##"), city("Lyon", "Auvergne-Rhône-Alpes", "4", "6900#"),
                        city("Marseille", "Provence-Alpes-Côte d'Azur", "4", "130##"),
                        city("Bordeaux", "Nouvelle-Aquitaine", "5", "33000"), city("Lille", "Hauts-de-France", "3", "59000")},
                new String[] {"rue de la République", "avenue Jean Jaurès", "boulevard Haussmann", "rue du Faubourg Saint-Antoine",
                        "place Bellecour", "quai des Chartrons"},
                new String[] {"{n} {s}", "{n} bis {s}"},
                new String[] {"+33 A ## ## ## ##", "0A ## ## ## ##", "0A.##.##.##.##"},
                new String[] {"6", "7"},
                new String[] {"0M ## ## ## ##", "+33 M ## ## ## ##", "+33 (0)M ## ## ## ##"}));
        add(new Country("ES", "Spain", new String[] {"España", "ES"}, "EUR",
                new City[] {city("Madrid", "Comunidad de Madrid", "91", "280##"), city("Barcelona", "Cataluña", "93", "080##"),
                        city("Valencia", "Comunitat Valenciana", "96", "460##"), city("Sevilla", "Andalucía", "95", "410##"),
                        city("Bilbao", "País Vasco", "94", "480##")},
                new String[] {"Calle Mayor", "Gran Vía", "Calle de Alcalá", "Passeig de Gràcia", "Avenida de la Constitución"},
                new String[] {"{s}, {n}", "{s}, {n}, 3º B", "{s} {n}"},
                new String[] {"+34 A# ### ###", "A# ### ###"},
                new String[] {"6", "7"},
                new String[] {"M## ### ###", "+34 M## ## ## ##"}));
        add(new Country("IT", "Italy", new String[] {"Italia", "IT"}, "EUR",
                new City[] {city("Milano", "Lombardia", "02", "201##"), city("Roma", "Lazio", "06", "001##"),
                        city("Torino", "Piemonte", "011", "101##"), city("Bologna", "Emilia-Romagna", "051", "401##"),
                        city("Napoli", "Campania", "081", "801##")},
                new String[] {"Via Roma", "Corso Buenos Aires", "Piazza del Duomo", "Via Garibaldi", "Viale Monza"},
                new String[] {"{s} {n}", "{s}, {n}"},
                new String[] {"+39 A #### ####", "A ########"},
                new String[] {"320", "333", "347", "348", "380"},
                new String[] {"M ### ####", "+39 M #######", "+39 M ### ####"}));
        add(new Country("NL", "Netherlands", new String[] {"Nederland", "The Netherlands", "NL"}, "EUR",
                new City[] {city("Amsterdam", "Noord-Holland", "20", "10## @@"), city("Rotterdam", "Zuid-Holland", "10", "30## @@"),
                        city("Utrecht", "Utrecht", "30", "35## @@"), city("'s-Gravenhage", "Zuid-Holland", "70", "25## @@"),
                        city("Eindhoven", "Noord-Brabant", "40", "56## @@")},
                new String[] {"Keizersgracht", "Damrak", "Coolsingel", "Oudegracht", "Lange Voorhout"},
                new String[] {"{s} {n}", "{s} {n}-II"},
                new String[] {"+31 A ### ####", "0A-#######"},
                new String[] {"6"},
                new String[] {"0M-########", "+31 M ########", "+31 (0)M ## ## ## ##"}));
        add(new Country("PL", "Poland", new String[] {"Polska", "PL"}, "EUR",
                new City[] {city("Warszawa", "mazowieckie", "22", "00-###"), city("Kraków", "małopolskie", "12", "30-###"),
                        city("Wrocław", "dolnośląskie", "71", "50-###"), city("Gdańsk", "pomorskie", "58", "80-###"),
                        city("Poznań", "wielkopolskie", "61", "60-###")},
                new String[] {"ul. Marszałkowska", "ul. Floriańska", "ul. Świdnicka", "ul. Długa", "al. Jerozolimskie"},
                new String[] {"{s} {n}/{n}", "{s} {n}"},
                new String[] {"+48 A ### ## ##", "A ### ## ##"},
                new String[] {"50", "60", "69", "79"},
                new String[] {"M# ### ###", "+48 M#-###-###", "+48 M# ### ###"}));
        add(new Country("SE", "Sweden", new String[] {"Sverige", "SE"}, "EUR",
                new City[] {city("Stockholm", "Stockholms län", "8", "11# ##"), city("Göteborg", "Västra Götalands län", "31", "41# ##"),
                        city("Malmö", "Skåne län", "40", "21# ##"), city("Uppsala", "Uppsala län", "18", "75# ##")},
                new String[] {"Drottninggatan", "Kungsgatan", "Storgatan", "Södra Förstadsgatan"},
                new String[] {"{s} {n}"},
                new String[] {"+46 A ### ## ##", "0A-### ## ##"},
                new String[] {"70", "72", "73", "76"},
                new String[] {"0M-### ## ##", "+46 M ### ## ##"}));
    }

    private FakePlaces() {
    }

    private static City city(String name, String state, String areaCode, String postcode) {
        return new City(name, state, areaCode, postcode);
    }

    private static void add(Country country) {
        COUNTRIES.put(country.code(), country);
    }

    /** An address in the given country (ISO code as FakeNames hands it out). */
    static Address address(SplittableRandom random, String countryCode) {
        Country country = country(countryCode);
        City city = country.cities()[random.nextInt(country.cities().length)];
        String street = FakeNames.pick(random, country.streetFormats())
                .replaceFirst("\\{n}", Integer.toString(1 + random.nextInt(180)))
                .replaceFirst("\\{n}", Integer.toString(1 + random.nextInt(40)))
                .replace("{s}", FakeNames.pick(random, country.streets()));
        String state = random.nextDouble() < 0.8 ? city.state() : null;
        return new Address(street, city.name(), state, fill(random, city.postcode()), countryName(random, country));
    }

    /** Mostly the English name, sometimes the local name or the ISO code: exports are not consistent. */
    private static String countryName(SplittableRandom random, Country country) {
        return random.nextDouble() < 0.93 ? country.displayName() : FakeNames.pick(random, country.otherNames());
    }

    /** A landline number of a city in the country, in one of the local ways of writing it. */
    static String landline(SplittableRandom random, String countryCode) {
        Country country = country(countryCode);
        City city = country.cities()[random.nextInt(country.cities().length)];
        return fill(random, FakeNames.pick(random, country.landlines()).replace("A", city.areaCode()));
    }

    static String mobile(SplittableRandom random, String countryCode) {
        Country country = country(countryCode);
        String prefix = FakeNames.pick(random, country.mobilePrefixes());
        return fill(random, FakeNames.pick(random, country.mobiles()).replace("M", prefix));
    }

    static String currency(String countryCode) {
        return country(countryCode).currency();
    }

    private static Country country(String code) {
        Country c = COUNTRIES.get(code);
        if (c == null) {
            throw new IllegalArgumentException("no address data for country " + code);
        }
        return c;
    }

    /** Replaces {@code #} with digits and {@code @} with capital letters. */
    private static String fill(SplittableRandom random, String template) {
        StringBuilder out = new StringBuilder(template.length());
        for (int i = 0; i < template.length(); i++) {
            char ch = template.charAt(i);
            if (ch == '#') {
                out.append((char) ('0' + random.nextInt(10)));
            } else if (ch == '@') {
                out.append((char) ('A' + random.nextInt(26)));
            } else {
                out.append(ch);
            }
        }
        return out.toString();
    }
}
