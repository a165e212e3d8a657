"""Word banks of the synthetic municipality: names, Dutch sentences per theme, emoji, links.

The names are random combinations of common first and last names: the people are
fictional, and any match with a real person is a coincidence. Theme sentences carry the
keywords of the eight default content pillars; the sentences of no theme avoid them.
Residents' questions contain a question mark; their other sentences neither contain
one nor start with a Dutch question word, so question detection can be checked on
the output.
"""

from __future__ import annotations

from typing import Final

__all__ = [
    "ANSWERS",
    "COMMENTS",
    "EMOJI",
    "FIRST_NAMES",
    "GENERIC_COMMENTS",
    "GENERIC_ORG_COMMENTS",
    "GREETINGS",
    "LAST_NAMES",
    "LINK_SITES",
    "NO_THEME_ANSWERS",
    "NO_THEME_ORG_POSTS",
    "NO_THEME_POLLS",
    "NO_THEME_POSTS",
    "NO_THEME_QUESTIONS",
    "ORG_POSTS",
    "POLLS",
    "QUESTIONS",
    "RESIDENT_POSTS",
    "SLUGS",
    "STAFF_NAMES",
    "THANKS",
    "THEMES",
]

#: The eight default themes (content pillars), in a fixed order (theme codes 0-7; 8 is
#: "no theme").
THEMES: Final = (
    "afval",
    "verkeer en parkeren",
    "groen en spelen",
    "evenementen",
    "veiligheid",
    "wonen en bouwen",
    "zorg en welzijn",
    "dienstverlening",
)

FIRST_NAMES: Final = (
    "Anna", "Sanne", "Lotte", "Emma", "Julia", "Sophie", "Fleur", "Noa", "Zoë", "Chloë",
    "Anaïs", "Noëlle", "Joëlle", "Stéphanie", "Daan", "Sem", "Lucas", "Levi", "Finn",
    "Milan", "Thijs", "Bram", "Ruben", "Jesse", "René", "André", "Jan", "Piet", "Kees",
    "Henk", "Gerrit", "Wim", "Ria", "Ans", "Truus", "Marja", "Ingrid", "Mohamed",
    "Fatima", "Yasmina", "Mehmet", "Ayşe", "Priya", "Wei", "Björn", "Karin", "Monique",
    "Erik", "Jeroen", "Marloes", "Iris", "Tim", "Kevin", "Linda", "Sandra", "Hans",
    "Gert-Jan", "Annelies", "Mila", "Saar", "Jurgen", "Esther", "Bas", "Dirk",
)

LAST_NAMES: Final = (
    "de Vries", "Jansen", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder",
    "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker", "Brouwer",
    "de Wit", "Dijkstra", "Smits", "de Graaf", "van der Meer", "van der Linden", "Kok",
    "Jacobs", "de Haan", "Vermeulen", "van den Berg", "van Dijk", "Schouten", "Willems",
    "Hoekstra", "Koster", "Prins", "Huisman", "Kuipers", "van Wijk", "Postma", "Kramer",
    "van den Broek", "Verbeek", "Timmermans", "El Amrani", "Bouzid", "Öztürk", "Yılmaz",
    "Nguyen", "Müller", "Çelik", "Boëtius", "Noë", "van Gölde", "Krüger",
)

#: Display names of the staff accounts (personal accounts marked as organisation).
STAFF_NAMES: Final = (
    "Sanne (Gemeente Voorbeeldstad)",
    "Mark (Gemeente Voorbeeldstad)",
    "Esra (Gemeente Voorbeeldstad)",
    "Joost (Gemeente Voorbeeldstad)",
    "Femke (Gemeente Voorbeeldstad)",
    "Rik (Gemeente Voorbeeldstad)",
    "Noor (Gemeente Voorbeeldstad)",
    "Tom (Gemeente Voorbeeldstad)",
    "Lisa (Gemeente Voorbeeldstad)",
)

#: Emoji added at the end of a message (the sentences carry their own where they fit).
EMOJI: Final = ("🤔", "🙂", "👀", "🙏", "😊")

#: The municipality's posts, per theme.
ORG_POSTS: Final[tuple[tuple[str, ...], ...]] = (
    (
        "Vanaf maandag haalt de vuilniswagen het restafval op dinsdag op in plaats van "
        "woensdag. Zet uw container vóór 7.30 uur aan de straat ♻️",
        "Het grofvuil ophalen kan voortaan online aanvragen. Zo voorkomen we afval naast "
        "de containers.",
        "Nieuw: ondergrondse containers voor papier en glas in de hele wijk. Samen houden "
        "we de buurt schoon!",
        "Let op: door de feestdagen verschuift de ophaaldag van het gft-afval. De "
        "afvalkalender staat in de app.",
        "Zwerfafval opruimen? Leen gratis een grijper en vuilniszakken bij de "
        "gemeentewerf 🙌",
    ),
    (
        "Vanaf 3 juni werken we aan het fietspad langs de Dorpsstraat. Het verkeer wordt "
        "omgeleid via de Lindelaan 🚧",
        "Parkeren in het centrum: de nieuwe parkeervergunning voor bewoners kunt u vanaf "
        "nu aanvragen.",
        "De verkeerslichten op het Stationsplein worden vernieuwd. Houd rekening met "
        "vertraging in het verkeer.",
        "Meer veilige oversteekplaatsen bij scholen: dit is het plan voor het verkeer "
        "rond de basisscholen.",
        "Laadpalen: we plaatsen er dit jaar vijftig extra, zodat parkeren en laden in de "
        "wijken makkelijker wordt.",
    ),
    (
        "De speeltuin aan de Parkweg krijgt nieuwe toestellen! Bekijk het ontwerp en "
        "denk mee over de speelplek 🌳",
        "Deze week planten we veertig nieuwe bomen in het park. Meer groen in de wijk!",
        "Het onderhoud van het groen start weer: maaien, snoeien en de plantsoenen bijwerken.",
        "Update speeltuin Parkweg: de klimtoren staat er en het speelveld is ingezaaid.",
        "Geveltuintjes zijn welkom! Vraag gratis plantjes aan voor meer groen in uw "
        "straat.",
    ),
    (
        "Zaterdag is de braderie: een gezellig evenement op het Marktplein. Kom langs bij "
        "de kraam van de gemeente 🎉",
        "Het festival in het park gaat door! Het programma van het zomerfestival staat online.",
        "Koningsdag: de markt op het plein begint om 7.00 uur. Let op de afzettingen.",
        "Op de kerstmarkt, hét evenement van december, schenken we glühwein voor het goede doel.",
        "Burendag: organiseer een evenement in uw straat en vraag een bijdrage aan.",
    ),
    (
        "Meer inbraken in de wijk gemeld. Sluit ramen en deuren en meld verdachte zaken "
        "bij de politie.",
        "De wijkagent houdt donderdag spreekuur in het buurthuis. Veiligheid doen we samen.",
        "Vuurwerkoverlast? Meld het via de app, voor ieders veiligheid komt de handhaving langs.",
        "Cameratoezicht op het Stationsplein wordt uitgebreid voor meer veiligheid.",
        "Doe mee met het buurtpreventieteam: samen werken we aan de veiligheid in de wijk.",
    ),
    (
        "Het bouwplan voor 120 nieuwe woningen aan de Stationsweg ligt ter inzage.",
        "Informatieavond woningbouw: kom dinsdag naar het gemeentehuis en stel uw vragen.",
        "Verbouwen? Een vergunning voor een dakkapel of aanbouw is niet altijd nodig.",
        "De sloop van de oude school start volgende week; daarna begint de woningbouw.",
        "Woningbouw voor starters: de inschrijving voor het nieuwe project is geopend 🏡",
    ),
    (
        "Mantelzorgers, bedankt! Op de Dag van de Mantelzorg staat er een attentie voor "
        "u klaar ❤️",
        "Het wijkteam helpt bij vragen over zorg, welzijn en geldzaken. Loop gerust "
        "binnen.",
        "Voor ieders welzijn: in het buurthuis is elke woensdag een koffieochtend voor ouderen.",
        "Nieuw: de welzijnscoach komt ook bij u thuis voor een gesprek over zorg en welzijn.",
        "Financiële zorgen? Het sociaal team denkt met u mee over zorg en geld, ook privé.",
    ),
    (
        "Paspoort of ID-kaart verlopen? Maak op tijd een afspraak, het is druk aan de "
        "gemeentebalie.",
        "De gemeentebalie is op Hemelvaartsdag gesloten. Een afspraak voor uw paspoort "
        "maakt u online.",
        "Een afspraak maken kan nu ook via de website, ook op zaterdag.",
        "Verhuisd? Geef uw adreswijziging online door, daarvoor is geen afspraak nodig.",
        "Nieuw: het rijbewijs verlengen zonder afspraak op donderdagavond.",
    ),
)

#: Residents' posts (statements, no question), per theme.
RESIDENT_POSTS: Final[tuple[tuple[str, ...], ...]] = (
    (
        "Alweer een volle container bij de Parkweg, het afval ligt ernaast 😡",
        "Vandaag is de vuilnis weer niet opgehaald in onze straat.",
        "Top dat de nieuwe containers er staan, scheelt een hoop afval op straat.",
        "Met de kinderen zwerfafval geraapt in het park, drie zakken vol ♻️",
        "Er staat al een week grofvuil naast de container op de hoek.",
    ),
    (
        "Er wordt weer keihard gereden op de Lindelaan, dat verkeer is levensgevaarlijk "
        "voor de kinderen.",
        "Parkeren bij de school is 's ochtends een chaos.",
        "Het nieuwe fietspad is echt een verbetering 🚲",
        "Al weken staat er een aanhanger op de plek waar wij parkeren.",
        "Drempels in de straat zouden het verkeer flink afremmen.",
    ),
    (
        "Prachtige nieuwe speeltuin, de kinderen zijn er niet weg te slaan 😍",
        "De bomen langs de singel zijn prachtig in bloei 🌳",
        "Het grasveld bij de speeltuin staat al weken onder water.",
        "Jammer dat het groen bij de flat zo slecht wordt onderhouden.",
        "Geveltuintje aangelegd met de buren, ons idee voor meer groen.",
    ),
    (
        "Zo gezellig, het festival zaterdag 🎉",
        "De markt op het plein was weer een succes.",
        "Volgende week een reünie van de oude basisschool, een mooi evenement in het café.",
        "Mooi evenement gisteren, complimenten aan de vrijwilligers 👏",
        "Het kerstconcert was prachtig, en daarna de glühwein op de markt.",
    ),
    (
        "Vannacht was er een inbraak bij ons in de straat, let goed op allemaal.",
        "Politie was net in de wijk, blijkbaar weer een inbraak.",
        "Verdachte auto rijdt al een uur rondjes door de wijk, kenteken doorgegeven aan "
        "de politie.",
        "Fietsendiefstal bij het station, de derde keer deze maand. Politie is ingelicht.",
        "Goed dat het buurtpreventieteam weer rondes loopt, dat is goed voor de veiligheid.",
    ),
    (
        "De woningbouw aan de Stationsweg schiet lekker op 🏡",
        "Het bouwplan voor het oude schoolterrein ziet er goed uit.",
        "Eindelijk woningbouw voor starters in onze wijk.",
        "De bouwvakkers beginnen hier elke dag om 6 uur, dat mag echt niet volgens de "
        "vergunning.",
        "Bezwaar ingediend tegen de vergunning voor de verbouwing van de buren.",
    ),
    (
        "Dank aan alle mantelzorgers in de wijk, jullie zijn goud waard ❤️",
        "De koffieochtend in het buurthuis is echt goed voor het welzijn van wie eenzaam is.",
        "Mijn moeder krijgt eindelijk de zorg die ze nodig heeft, dank aan het wijkteam.",
        "Het welzijn van ouderen in de wijk verdient meer aandacht.",
        "Vrijwilligers gezocht voor de boodschappendienst, goed voor het welzijn in de wijk.",
    ),
    (
        "Binnen tien minuten geholpen aan de gemeentebalie voor mijn paspoort, complimenten!",
        "Al drie weken wachten op een afspraak voor mijn paspoort 😢",
        "Het online loket werkt prima, zonder afspraak mijn adreswijziging in één keer geregeld.",
        "De dienstverlening van de gemeentebalie is echt verbeterd, een afspraak is zo gemaakt.",
        "Geen afspraak meer vrij voor een ID-kaart deze maand.",
    ),
)

#: Residents' questions, per theme (each contains a question mark).
QUESTIONS: Final[tuple[tuple[str, ...], ...]] = (
    (
        "Weet iemand wanneer de gft-container weer geleegd wordt?",
        "Waar kan ik mijn grofvuil en ander afval kwijt?",
        "Hoe vraag ik een nieuwe container aan? De mijne is kapot.",
        "Wanneer komt de vuilniswagen weer langs in Oost?",
        "Waarom staat de afvalcontainer op het plein al dagen vol?",
    ),
    (
        "Waarom is het fietspad bij de school nog steeds afgesloten?",
        "Hoe zit het met parkeren voor bezoekers?",
        "Wanneer zijn de werkzaamheden aan de Dorpsstraat klaar? Het verkeer staat vast.",
        "Weet iemand of je op zondag gratis mag parkeren in het centrum?",
        "Komt er nog een zebrapad bij de speeltuin? Het verkeer is daar gevaarlijk.",
    ),
    (
        "Wanneer gaat de speeltuin aan de Parkweg weer open?",
        "Worden de bomen langs de Lindelaan echt gekapt?",
        "Hoe kan ik meedenken over het groen in onze straat?",
        "Weet iemand tot welke leeftijd de nieuwe speeltuin is?",
        "Wie maait het gras bij de speeltuin eigenlijk?",
    ),
    (
        "Weet iemand hoe laat het festival zaterdag begint?",
        "Is de markt op Koningsdag ook op het Marktplein?",
        "Hoe vraag ik een vergunning aan voor een evenement in de straat?",
        "Wanneer is de kerstmarkt dit jaar? Weer zo'n groot evenement?",
        "Zijn er nog vrijwilligers nodig voor de braderie op de markt?",
    ),
    (
        "Heeft iemand anders ook een inbraak gehad deze week?",
        "Wanneer is het spreekuur van de wijkagent? Ik wil iets melden over de veiligheid.",
        "Waar meld ik overlast van jongeren bij het winkelcentrum? Moet dat bij de "
        "politie?",
        "Weet iemand of de camera's voor de veiligheid op het plein al werken?",
        "Hoe word ik lid van het buurtpreventieteam voor de veiligheid in de wijk?",
    ),
    (
        "Wanneer start de woningbouw aan de Stationsweg?",
        "Hoe lang duurt een vergunning voor een dakkapel op mijn woning?",
        "Waar kan ik het bouwplan voor het schoolterrein inzien?",
        "Weet iemand of er ook sociale huurwoningen in het bouwplan komen?",
        "Mag ik zonder vergunning een schuur bouwen in de achtertuin?",
    ),
    (
        "Waar kan ik terecht met vragen over mantelzorg?",
        "Weet iemand of de wijkverpleging ook in het weekend zorg geeft?",
        "Hoe kom ik in aanmerking voor zorg aan huis via de gemeente?",
        "Is er in de wijk een plek voor ouderen om samen te eten? Mijn vader is vaak "
        "alleen en ik zoek iets voor zijn welzijn.",
        "Wie kan me helpen met zorg voor mijn buurvrouw?",
    ),
    (
        "Hoe maak ik een afspraak voor mijn paspoort?",
        "Is de gemeentebalie zaterdag open voor een afspraak?",
        "Waarom kan ik online geen afspraak maken? De website geeft een foutmelding.",
        "Weet iemand hoe lang je moet wachten op een rijbewijs bij de gemeentebalie?",
        "Kan ik mijn ID-kaart ook ophalen zonder afspraak?",
    ),
)

#: Residents' comments on a theme (no question).
COMMENTS: Final[tuple[tuple[str, ...], ...]] = (
    (
        "Bij ons staat de container ook al dagen vol.",
        "Afval scheiden is echt niet moeilijk, mensen.",
        "De vuilnisophaal is sinds de nieuwe planning een stuk beter.",
        "Gewoon melden bij de gemeente, dan komen ze het afval halen.",
        "Al dat afval op straat trekt ratten aan 😡",
    ),
    (
        "Dat verkeer op de Lindelaan is echt een probleem.",
        "Parkeren is hier 's avonds onmogelijk.",
        "Een fietspad aan beide kanten zou veel schelen 🚲",
        "Het verkeer bij de school is 's ochtends levensgevaarlijk.",
        "Meer handhaving op fout parkeren graag.",
    ),
    (
        "Mooi zo, meer groen kan de wijk goed gebruiken 🌳",
        "Onze kinderen spelen daar elke dag, fijne speeltuin.",
        "Die oude bomen moeten echt blijven staan.",
        "Een waterspeelplek zou een mooi idee zijn voor de speeltuin.",
        "Het groen wordt de laatste tijd goed bijgehouden 👍",
    ),
    (
        "Wij zijn er zeker bij op het festival 🎉",
        "Het festival was vorig jaar ook al zo gezellig.",
        "Leuk evenement, volgend jaar weer!",
        "De markt mag wat ons betreft elke week.",
        "Gezellig druk was het op de markt.",
    ),
    (
        "Bij ons in de straat was er ook bijna een inbraak.",
        "Goed dat de politie er bovenop zit.",
        "Zet je fiets altijd op slot, de politie raadt het ook aan.",
        "Ik heb het ook gemeld, de veiligheid in de wijk gaat voor.",
        "Zo'n inbraak is echt eng 😢",
    ),
    (
        "Eindelijk woningbouw voor jongeren, dat werd tijd 🏡",
        "Dat bouwplan is veel te hoog voor deze plek.",
        "Ik heb mijn vergunning binnen vier weken gekregen.",
        "Prima bouwplan, als er maar genoeg groen bij komt.",
        "De woningbouw wordt echt mooi.",
    ),
    (
        "Mantelzorg is zwaar, goed dat er aandacht voor is ❤️",
        "Het wijkteam heeft ons echt goed geholpen met de zorg voor mijn moeder.",
        "Mijn oma gaat ook naar de koffieochtend, goed voor haar welzijn.",
        "Welzijn begint met omzien naar elkaar.",
        "De wijkverpleging levert geweldige zorg 👏",
    ),
    (
        "Ik kon ook pas over drie weken terecht voor mijn paspoort.",
        "Bij de gemeentebalie word je altijd vriendelijk geholpen.",
        "Online een afspraak maken ging bij mij prima.",
        "De wachttijd voor een afspraak voor je rijbewijs valt best mee.",
        "De dienstverlening aan de gemeentebalie is echt verbeterd 👍",
    ),
)

#: The organisation's answers to a resident's question, per theme (prefixed with a
#: greeting that mentions the asker).
ANSWERS: Final[tuple[tuple[str, ...], ...]] = (
    (
        "de gft-container wordt om de week geleegd; de data staan in de afvalkalender.",
        "grofvuil kunt u gratis laten ophalen, een afspraak maakt u via de website.",
        "we geven de volle container door aan de afvalinzameling, dank voor uw melding!",
    ),
    (
        "de werkzaamheden aan het fietspad zijn naar verwachting over twee weken klaar.",
        "een bezoekersvergunning voor parkeren vraagt u aan via Mijn Voorbeeldstad.",
        "we hebben uw melding over het verkeer doorgegeven aan de wegbeheerder.",
    ),
    (
        "de speeltuin gaat na de oplevering eind van de maand weer open.",
        "alleen zieke bomen worden gekapt, er komen nieuwe bomen voor terug.",
        "meedenken over het groen kan via de enquête op de website, we zijn benieuwd naar "
        "uw ideeën!",
    ),
    (
        "het festival begint om 14.00 uur, het programma staat op de website.",
        "een evenementenvergunning vraagt u minimaal acht weken van tevoren aan.",
        "de markt is dit jaar op het Marktplein, van 9.00 tot 17.00 uur.",
    ),
    (
        "meld een inbraak of verdachte situatie altijd bij de politie via 112 of 0900-8844.",
        "het spreekuur van de wijkagent is elke donderdag van 19.00 tot 20.00 uur in het "
        "buurthuis.",
        "we hebben uw melding over de veiligheid doorgegeven aan de handhaving.",
    ),
    (
        "de woningbouw start naar verwachting in het najaar; het bouwplan ligt ter inzage.",
        "een vergunning voor een dakkapel duurt meestal acht weken.",
        "het plan is in te zien in het gemeentehuis en op de website.",
    ),
    (
        "voor vragen over mantelzorg kunt u terecht bij het wijkteam, ook telefonisch.",
        "het sociaal team helpt u graag verder met zorg en welzijn, bel 14 0123.",
        "de welzijnscoach neemt contact met u op, dank voor uw bericht!",
    ),
    (
        "een afspraak voor uw paspoort maakt u online of via 14 0123.",
        "de gemeentebalie is op zaterdag open van 10.00 tot 13.00 uur, alleen op afspraak.",
        "excuses voor de storing, het maken van een afspraak werkt inmiddels weer.",
    ),
)

#: Residents' posts about none of the themes.
NO_THEME_POSTS: Final = (
    "Mooie zonsondergang vanavond boven de wijk 🌅",
    "Kat gevonden in de Rozenstraat, rood met witte pootjes. Eigenaar kan zich melden 🐱",
    "Gratis af te halen: kinderstoel, prima staat.",
    "Elke vrijdag schaken in het café, iedereen welkom!",
    "Goedemorgen allemaal, fijne dag gewenst ☀️",
    "Sleutelbos gevonden bij de bakker, ligt nu bij de kassa.",
)

#: The organisation's posts about none of the themes.
NO_THEME_ORG_POSTS: Final = (
    "Prettig weekend allemaal, namens iedereen van de gemeente ✨",
    "Welkom aan alle nieuwe leden van deze groep!",
    "Bedankt voor alle reacties deze week, we lezen ze allemaal.",
    "Even voorstellen: dit is het team dat deze pagina beheert 👋",
)

#: Residents' questions about none of the themes.
NO_THEME_QUESTIONS: Final = (
    "Weet iemand een goede loodgieter in de buurt?",
    "Wie kent een leuke kapper hier?",
    "Heeft iemand een ladder te leen voor zaterdag?",
)

#: Residents' comments about nothing in particular (no question).
GENERIC_COMMENTS: Final = (
    "Eens!",
    "Helemaal mee eens 👍",
    "Dank voor de info",
    "Goed bezig 👏",
    "Jammer dit 😢",
    "Haha 😂",
    "Precies wat ik dacht.",
    "Top!",
    "Goed om te weten.",
    "Daar ben ik het niet mee eens.",
    "Dank je wel!",
    "Helaas wel, ja.",
    "Zeker een goed idee.",
    "Geweldig, bedankt 🙏",
    "Ik ben erg geïnteresseerd, hou ons op de hoogte.",
    "Hele goede ideeën hier.",
    "Heb ik gisteren ook gezien.",
    "Dat moet echt anders.",
)

#: The organisation's comments in its own threads that answer no question.
GENERIC_ORG_COMMENTS: Final = (
    "Dank voor uw reactie, we nemen het mee.",
    "Goed om te horen, dank u wel!",
    "Bedankt voor het meedenken 🙂",
    "We houden u op de hoogte via deze groep.",
    "Dank voor uw melding, we gaan ermee aan de slag.",
)

#: Path pieces of links to the municipality's site and other news sites.
SLUGS: Final = (
    "werkzaamheden-dorpsstraat", "afvalkalender-2024", "speeltuin-parkweg",
    "zomerfestival", "veilige-wijk", "bouwplan-stationsweg", "mantelzorg",
    "afspraak-maken", "nieuwe-bomen-park", "parkeervergunning",
)

#: (url prefix, link_domain, is_youtube) of link posts; the url ends with a slug or a
#: video id.
LINK_SITES: Final = (
    ("https://www.voorbeeldstad.nl/nieuws/", "voorbeeldstad.nl", False),
    ("https://www.youtube.com/watch?v=", "youtube.com", True),
    ("https://youtu.be/", "youtu.be", True),
    ("https://www.omroepvoorbeeldstad.nl/nieuws/", "omroepvoorbeeldstad.nl", False),
    ("https://www.rijksoverheid.nl/onderwerpen/", "rijksoverheid.nl", False),
)

#: The organisation's answers to a question about none of the themes.
NO_THEME_ANSWERS: Final = (
    "we zoeken het voor u uit en laten het zo snel mogelijk weten.",
    "daar kunnen wij helaas niet bij helpen; misschien weten andere leden het.",
)

#: Greetings before the organisation's answer (followed by ``@Name, ``).
GREETINGS: Final = ("Hallo ", "Goedemiddag ", "Hoi ", "Beste ")

#: Residents thanking the organisation for an answer.
THANKS: Final = (
    "Dank u wel!",
    "Top, bedankt voor de snelle reactie 👍",
    "Helder, dank!",
    "Fijn, dank voor het uitzoeken 🙏",
    "Bedankt, dan weet ik dat.",
)

#: Polls, per theme (each is a question).
POLLS: Final[tuple[tuple[str, ...], ...]] = (
    ("Poll: hoe vaak wilt u dat het gft-afval wordt opgehaald? Elke week of om de week?",),
    ("Poll: moet er een fietspad aan beide kanten van de Dorpsstraat komen? Ja of nee?",
     "Poll: betaald parkeren in het centrum op zondag, goed idee?"),
    ("Poll: welk toestel wilt u in de nieuwe speeltuin? Schommel, klimrek of "
     "waterpomp?",),
    ("Poll: welke markt of welk festival moet terugkomen volgend jaar?",),
    ("Poll: voelt u zich veilig in de wijk? Stem en vertel waarom; het gaat om de "
     "veiligheid van ons allemaal.",),
    ("Poll: wat vindt u van het bouwplan voor de Stationsweg? Voor of tegen?",),
    ("Poll: weet u waar u terecht kunt met vragen over zorg en mantelzorg?",),
    ("Poll: maakt u liever online of telefonisch een afspraak voor uw paspoort?",),
)

#: Polls about none of the themes.
NO_THEME_POLLS: Final = (
    "Poll: wat is de mooiste plek van Voorbeeldstad? Laat het ons weten!",
)
