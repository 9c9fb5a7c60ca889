package org.profid365.migrator.sim;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Person names from several cultures, the countries their bearers tend to live in, and ASCII forms of them
 * for e-mail addresses. Non-Latin scripts and apostrophe surnames are only handed out when a trap asks.
 */
final class FakeNames {

    /** A person as the export writes them, plus the ASCII parts their e-mail address is made of. */
    record Person(String firstName, String lastName, String emailFirst, String emailLast, String gender, String country) {
    }

    /**
     * One naming culture. Entries of non-Latin cultures are {@code native|latin}; {@code countries} is a weighted
     * list (a country appears as often as it should be drawn).
     */
    private record Culture(String name, int weight, String[] female, String[] male, String[] last, String[] countries) {
    }

    private static final List<Culture> LATIN = List.of(
            new Culture("german", 38,
                    words("Anna Julia Laura Lena Sarah Katharina Sophie Lea Hannah Johanna Sabine Petra Claudia Ulrike Jana "
                            + "Miriam Franziska Anne-Marie Jördis Lisa Birgit Heike"),
                    words("Jan Lukas Tobias Felix Jonas Maximilian Florian Stefan Thomas Michael Andreas Matthias Jürgen Björn "
                            + "Sebastian Moritz Niklas Kai Uwe Benedikt Karl-Heinz Dirk"),
                    words("Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Schäfer Koch Bauer "
                            + "Richter Klein Wolf Schröder Neumann Schwarz Zimmermann Braun Krüger Hofmann Hartmann Lange "
                            + "Schmitt Werner Krause Meier Lehmann Schmid Schulze Maier Köhler Herrmann König Walter Huber "
                            + "Kaiser Fuchs Peters Scholz Möller Weiß Jung Hahn Groß Vogel Friedrich Keller Günther Frank "
                            + "Berger Winkler Roth Beck Lorenz Baumann Albrecht Simon Ludwig Böhm Winter Kraus Martin"),
                    words("DE DE DE DE DE DE DE DE DE DE DE DE DE DE DE DE AT AT CH CH")),
            new Culture("english", 15,
                    words("Emma Olivia Charlotte Amelia Sophie Grace Emily Jessica Hannah Megan Rachel Lauren Ashley Madison "
                            + "Chloe Abigail Harper Zoe"),
                    words("James Oliver Jack Harry William George Michael David Christopher Matthew Daniel Ryan Tyler Ethan "
                            + "Noah Liam Samuel Connor"),
                    words("Smith Johnson Williams Brown Jones Taylor Wilson Davies Evans Thomas Roberts Walker Wright "
                            + "Robinson Thompson Hughes Green Hall Clarke Miller Davis Anderson Jackson White Harris Lee "
                            + "Clark Lewis Young King Scott Baker Campbell Mitchell Carter Turner Parker Collins"),
                    words("GB GB GB GB US US US US IE DE")),
            new Culture("turkish", 7,
                    words("Ayşe Elif Zeynep Fatma Emine Merve Büşra Selin Derya Özlem Gül İpek"),
                    words("Mehmet Mustafa Ahmet Emre Can Burak Murat Serkan Oğuz Yusuf Hakan Kaan"),
                    words("Yılmaz Kaya Demir Şahin Çelik Yıldız Yıldırım Öztürk Aydın Özdemir Arslan Doğan Kılıç Aslan "
                            + "Çetin Kara Koç Kurt Özkan Şimşek"),
                    words("DE DE DE DE DE DE AT")),
            new Culture("french", 6,
                    words("Camille Manon Chloé Léa Inès Élodie Océane Margaux Amélie Françoise Hélène Cécile Anaïs"),
                    words("Lucas Hugo Louis Théo Gabriel Arthur Mathéo Jérôme François Benoît Stéphane Loïc Jean-Luc"),
                    words("Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Simon Laurent Lefèvre "
                            + "Michel Garcia Fontaine Chevalier Gauthier Rousseau Lemaître"),
                    words("FR FR FR FR FR CH DE")),
            new Culture("italian", 5,
                    words("Giulia Francesca Chiara Sara Martina Valentina Alessia Federica Elisa Silvia"),
                    words("Marco Luca Alessandro Andrea Matteo Lorenzo Davide Simone Niccolò Giuseppe"),
                    words("Rossi Russo Ferrari Esposito Bianchi Romano Colombo Ricci Marino Greco Bruno Gallo Conti "
                            + "De_Luca Costa Giordano Mancini Rizzo Lombardi Moretti"),
                    words("IT IT IT IT DE DE CH")),
            new Culture("spanish", 5,
                    words("Lucía María Carmen Sofía Paula Elena Marta Alba Nuria Ainhoa María_José"),
                    words("Javier Alejandro Pablo Daniel Sergio Álvaro Diego Iñaki José Carlos"),
                    words("García Fernández González Rodríguez López Martínez Sánchez Pérez Gómez Martín Jiménez Ruiz "
                            + "Hernández Díaz Muñoz Álvarez Romero Navarro Torres Domínguez García_Márquez"),
                    words("ES ES ES ES ES DE US")),
            new Culture("polish", 5,
                    words("Anna Katarzyna Małgorzata Agnieszka Joanna Magdalena Zofia Aleksandra Ewa Natalia"),
                    words("Piotr Krzysztof Andrzej Tomasz Paweł Łukasz Michał Marcin Grzegorz Wojciech"),
                    words("Nowak Kowalski Wiśniewski Wójcik Kowalczyk Kamiński Lewandowski Zieliński Szymański Woźniak "
                            + "Dąbrowski Kozłowski Jankowski Mazur Kwiatkowski Krawczyk Piotrowski Grabowski"),
                    words("PL PL PL DE DE")),
            new Culture("dutch", 4,
                    words("Sanne Lotte Femke Anouk Eva Iris Fleur Noor Lieke Marieke"),
                    words("Daan Bram Sem Jeroen Thijs Ruben Stijn Joost Pieter Maarten"),
                    words("de_Jong Jansen de_Vries van_den_Berg van_Dijk Bakker Janssen Visser Smit Meijer de_Boer Mulder "
                            + "de_Groot Bos Vos Hendriks van_Leeuwen Dekker Brouwer"),
                    words("NL NL NL NL DE")),
            new Culture("nordic", 3,
                    words("Astrid Ingrid Maja Elsa Freja Linnea Sigrid Saga Karin Solveig"),
                    words("Erik Lars Nils Anders Björn Magnus Oskar Sven Henrik Søren"),
                    words("Andersson Johansson Karlsson Nilsson Eriksson Larsson Olsson Persson Lindqvist Bergström "
                            + "Lindberg Sjöberg Ødegaard Hansen Nielsen Jørgensen"),
                    words("SE SE SE DE")),
            new Culture("indian", 4,
                    words("Priya Ananya Kavya Divya Neha Pooja Shreya Aishwarya Meera Lakshmi"),
                    words("Arjun Rohan Vikram Rahul Aditya Karthik Siddharth Aarav Nikhil Sanjay"),
                    words("Sharma Patel Singh Kumar Gupta Iyer Reddy Nair Menon Chatterjee Banerjee Rao Joshi Desai Mehta "
                            + "Kapoor Malhotra Srinivasan Krishnan Bhattacharya"),
                    words("DE DE GB US")),
            new Culture("vietnamese", 3,
                    words("Linh Mai Trang Hương Thảo Ngọc Lan Hạnh"),
                    words("Minh Huy Tuấn Đức Nam Quang Long Dũng"),
                    words("Nguyễn Trần Lê Phạm Hoàng Phan Vũ Đặng Bùi Đỗ"),
                    words("DE DE DE US")));

    private static final int LATIN_WEIGHT = LATIN.stream().mapToInt(Culture::weight).sum();

    /** Written in their own script; the part after {@code |} is the usual Latin spelling, used in e-mail addresses. */
    private static final List<Culture> NON_LATIN = List.of(
            new Culture("russian", 1,
                    words("Анна|anna Ольга|olga Екатерина|ekaterina Наталья|natalya Ирина|irina Татьяна|tatyana "
                            + "Мария|maria Светлана|svetlana"),
                    words("Дмитрий|dmitry Алексей|alexey Сергей|sergey Андрей|andrey Иван|ivan Михаил|mikhail "
                            + "Николай|nikolay Павел|pavel"),
                    words("Иванов|ivanov Смирнов|smirnov Кузнецов|kuznetsov Попов|popov Соколов|sokolov "
                            + "Лебедев|lebedev Козлов|kozlov Новиков|novikov Морозов|morozov Волков|volkov "
                            + "Шевченко|shevchenko Бондаренко|bondarenko"),
                    words("DE DE DE AT")),
            new Culture("chinese", 1,
                    words("秀英|xiuying 丽|li 静|jing 敏|min 婷|ting 芳|fang 慧|hui"),
                    words("伟|wei 强|qiang 磊|lei 军|jun 洋|yang 勇|yong 浩|hao"),
                    words("王|wang 李|li 张|zhang 刘|liu 陈|chen 杨|yang 黄|huang 赵|zhao 吴|wu 周|zhou"),
                    words("DE DE US GB")),
            new Culture("arabic", 1,
                    words("فاطمة|fatima مريم|maryam ليلى|layla نور|nour سارة|sara هدى|huda"),
                    words("محمد|mohammed أحمد|ahmed علي|ali عمر|omar خالد|khaled يوسف|youssef"),
                    words("الحسن|alhassan حداد|haddad منصور|mansour خوري|khoury سعيد|saeed ناصر|nasser"),
                    words("DE DE DE GB")),
            new Culture("greek", 1,
                    words("Μαρία|maria Ελένη|eleni Αικατερίνη|aikaterini Σοφία|sofia Δήμητρα|dimitra Γεωργία|georgia"),
                    words("Γιώργος|giorgos Δημήτρης|dimitris Νίκος|nikos Κωνσταντίνος|konstantinos Γιάννης|giannis "
                            + "Αλέξανδρος|alexandros"),
                    words("Παπαδόπουλος|papadopoulos Παπαδάκης|papadakis Γεωργίου|georgiou Οικονόμου|oikonomou "
                            + "Νικολάου|nikolaou Βασιλείου|vasileiou"),
                    words("DE DE DE DE")));

    /** Surnames with an apostrophe, each with the culture whose first names go with it. */
    private static final String[][] APOSTROPHE_SURNAMES = {
            {"O'Brien", "english"}, {"O'Connor", "english"}, {"O'Neill", "english"}, {"O'Sullivan", "english"},
            {"D'Angelo", "italian"}, {"D'Amico", "italian"}, {"Dell'Aquila", "italian"}, {"D'Souza", "indian"},
            {"N'Diaye", "french"}, {"L'Heureux", "french"}, {"d'Alembert", "french"}};

    private static final String[] GENDERS_OTHER = {"diverse", "non_binary", "prefer_not_to_say"};

    private FakeNames() {
    }

    /** An ordinary client or coach: a Latin-script name from a weighted culture. */
    static Person person(SplittableRandom random) {
        return person(random, pickLatinCulture(random), null);
    }

    /** A name in Cyrillic, Chinese, Arabic or Greek script. */
    static Person nonLatinPerson(SplittableRandom random) {
        Culture culture = NON_LATIN.get(random.nextInt(NON_LATIN.size()));
        boolean female = random.nextBoolean();
        String[] first = pick(random, female ? culture.female() : culture.male()).split("\\|");
        String[] last = pick(random, culture.last()).split("\\|");
        String lastNative = feminine(culture.name(), last[0], female);
        String lastLatin = feminine(culture.name(), last[1], female);
        return new Person(first[0], lastNative, first[1], lastLatin, female ? "female" : "male",
                pick(random, culture.countries()));
    }

    /** A name like O'Brien or D'Angelo, with a first name from the matching culture. */
    static Person apostrophePerson(SplittableRandom random) {
        String[] surname = APOSTROPHE_SURNAMES[random.nextInt(APOSTROPHE_SURNAMES.length)];
        Culture culture = LATIN.stream().filter(c -> c.name().equals(surname[1])).findFirst().orElseThrow();
        return person(random, culture, surname[0]);
    }

    private static Person person(SplittableRandom random, Culture culture, String fixedLastName) {
        boolean female = random.nextBoolean();
        String first = pick(random, female ? culture.female() : culture.male()).replace('_', ' ');
        String last = fixedLastName != null ? fixedLastName
                : feminine(culture.name(), pick(random, culture.last()), female).replace('_', ' ');
        return new Person(first, last, ascii(first), ascii(last), female ? "female" : "male", pick(random, culture.countries()));
    }

    /** The gender cell: mostly filled, sometimes empty, now and then a value outside female/male. */
    static String genderCell(SplittableRandom random, Person person) {
        double r = random.nextDouble();
        if (r < 0.14) {
            return null;
        }
        if (r < 0.155) {
            return pick(random, GENDERS_OTHER);
        }
        return person.gender();
    }

    /** Polish, Russian and Greek surnames change form for women. */
    private static String feminine(String culture, String last, boolean female) {
        if (!female) {
            return last;
        }
        switch (culture) {
            case "polish":
                if (last.endsWith("ski") || last.endsWith("cki") || last.endsWith("dzki")) {
                    return last.substring(0, last.length() - 1) + "a";
                }
                return last;
            case "russian":
                return last.endsWith("ов") || last.endsWith("ев") || last.endsWith("ин") ? last + "а"
                        : last.endsWith("ov") || last.endsWith("ev") || last.endsWith("in") ? last + "a" : last;
            case "greek":
                if (last.endsWith("ος")) {
                    return last.substring(0, last.length() - 2) + "ου";
                }
                if (last.endsWith("os")) {
                    return last.substring(0, last.length() - 2) + "ou";
                }
                if (last.endsWith("ης")) {
                    return last.substring(0, last.length() - 1);
                }
                return last.endsWith("is") ? last.substring(0, last.length() - 1) : last;
            default:
                return last;
        }
    }

    /** Lower-case ASCII for e-mail addresses: accents dropped, ß → ss, spaces and apostrophes removed. */
    static String ascii(String text) {
        String s = text.toLowerCase(Locale.ROOT)
                .replace("ß", "ss").replace("ø", "o").replace("æ", "ae").replace("ł", "l").replace("đ", "d")
                .replace("ı", "i").replace("'", "").replace(" ", "").replace("_", "");
        return Normalizer.normalize(s, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
    }

    private static Culture pickLatinCulture(SplittableRandom random) {
        int r = random.nextInt(LATIN_WEIGHT);
        for (Culture c : LATIN) {
            r -= c.weight();
            if (r < 0) {
                return c;
            }
        }
        return LATIN.get(0);
    }

    static String pick(SplittableRandom random, String[] values) {
        return values[random.nextInt(values.length)];
    }

    /** Space-separated words; an underscore inside a word stands for a space (van_Dijk). */
    private static String[] words(String text) {
        return text.split(" ");
    }
}
