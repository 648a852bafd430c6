/**
 * The demo coalition: fictional organizations, people, journalists and outlets in the style of
 * a real creators'-rights coalition. No real person's data: every email is on example.org.
 */
export const DEMO_PASSWORD = 'chorus-demo-password';

export const organizations = [
  { key: 'spu', name: 'Screen Performers Union', kind: 'UNION', website: 'https://screen-performers.example.org', joinedOn: '2023-03-14' },
  { key: 'fom', name: 'Federation of Musicians', kind: 'UNION', website: 'https://musicians-federation.example.org', joinedOn: '2023-03-14' },
  { key: 'wgc', name: 'Writers Guild of the Coast', kind: 'GUILD', website: 'https://writers-guild-coast.example.org', joinedOn: '2023-04-02' },
  { key: 'vau', name: 'Voice Artists Union', kind: 'UNION', website: 'https://voice-artists.example.org', joinedOn: '2023-06-20' },
  { key: 'aga', name: 'Authors Guild Alliance', kind: 'GUILD', website: 'https://authors-alliance.example.org', joinedOn: '2023-05-11' },
  { key: 'sga', name: 'Songwriters Guild of America (demo)', kind: 'GUILD', website: 'https://songwriters-guild.example.org', joinedOn: '2023-09-01' },
  { key: 'ria', name: 'Recording Industry Association (demo)', kind: 'TRADE_ASSOCIATION', website: 'https://recording-industry.example.org', joinedOn: '2023-03-14' },
  { key: 'mpa', name: 'Music Publishers Association (demo)', kind: 'TRADE_ASSOCIATION', website: 'https://music-publishers.example.org', joinedOn: '2023-07-19' },
  { key: 'ilc', name: 'Independent Labels Coalition', kind: 'TRADE_ASSOCIATION', website: 'https://indie-labels.example.org', joinedOn: '2024-01-08' },
  { key: 'vis', name: 'Visual Artists United', kind: 'UNION', website: 'https://visual-artists.example.org', joinedOn: '2024-02-27' },
  { key: 'har', name: 'Harbor Records', kind: 'LABEL', website: 'https://harbor-records.example.org', joinedOn: '2024-04-15' },
  { key: 'nlp', name: 'Northlight Publishing', kind: 'PUBLISHER', website: 'https://northlight.example.org', joinedOn: '2024-05-30' },
  { key: 'haf', name: 'Human Artistry Foundation', kind: 'NGO', website: 'https://human-artistry.example.org', joinedOn: '2023-03-14' },
] as const;

/** Which organizations recruit members and signatures in the demo, with their discipline. */
export const memberOrganizations: { key: string; discipline: string; titles: string[]; members: number }[] = [
  { key: 'spu', discipline: 'actor', titles: ['Actor', 'Actress', 'Stunt performer'], members: 900 },
  { key: 'fom', discipline: 'musician', titles: ['Musician', 'Session violinist', 'Drummer', 'Conductor'], members: 700 },
  { key: 'wgc', discipline: 'writer', titles: ['Screenwriter', 'Showrunner', 'Playwright'], members: 450 },
  { key: 'vau', discipline: 'voice actor', titles: ['Voice actor', 'Audiobook narrator'], members: 300 },
  { key: 'aga', discipline: 'writer', titles: ['Novelist', 'Poet', 'Non-fiction author'], members: 350 },
  { key: 'sga', discipline: 'songwriter', titles: ['Songwriter', 'Composer', 'Lyricist'], members: 250 },
  { key: 'vis', discipline: 'visual artist', titles: ['Illustrator', 'Painter', 'Photographer'], members: 200 },
];

export const firstNames = ['Ada', 'Ben', 'Carmen', 'Dev', 'Elena', 'Felix', 'Grace', 'Hiro', 'Imani', 'Jonah', 'Kira', 'Luca', 'Maya', 'Nico', 'Olu', 'Priya', 'Quinn', 'Rosa', 'Sami', 'Tess', 'Umar', 'Vera', 'Wren', 'Xavi', 'Yara', 'Zane', 'Amara', 'Bodhi', 'Celine', 'Dario', 'Esme', 'Farah', 'Gael', 'Hana', 'Ivo', 'June', 'Kofi', 'Lena', 'Mateo', 'Noor'];
export const lastNames = ['Abbott', 'Balogun', 'Castellanos', 'Dimitrova', 'Eriksen', 'Fontaine', 'Greenberg', 'Hartley', 'Ishikawa', 'Jovanovic', 'Kowalczyk', 'Lindqvist', 'Marchetti', 'Nakamura', 'Okafor', 'Petrova', 'Quintero', 'Rahman', 'Sorensen', 'Takahashi', 'Underwood', 'Valdivia', 'Whitfield', 'Xu', 'Yilmaz', 'Zielinski', 'Achebe', 'Brennan', 'Chaudhry', 'Delacroix', 'Esposito', 'Fitzgerald', 'Guerrero', 'Halvorsen', 'Iwu', 'Jaramillo', 'Kaur', 'Lefebvre', 'Moreau', 'Novak', 'Osei', 'Park', 'Reyes', 'Silva', 'Tanaka', 'Urquhart', 'Vasquez', 'Wojcik', 'Yamamoto', 'Zhou'];

export const campaign = {
  slug: 'stealing-isnt-innovation',
  title: 'Stealing Isn’t Innovation',
  signatureGoal: 1000,
  statement: [
    'We are actors, musicians, writers, voice artists, illustrators and songwriters.',
    'Artificial intelligence companies have copied our work — our voices, our words, our faces and our music — to train commercial systems, without asking, without credit and without pay.',
    'Stealing isn’t innovation. We call on AI developers to license the works they train on, on governments to enforce the copyright laws that already exist, and on everyone to respect a creator’s right to say no.',
    'We demand: licensing deals negotiated with creators and their unions; enforcement of existing law; and a real opt-out right for every creator.',
  ].join('\n\n'),
};

export const outlets = ['The Daily Ledger', 'Tech & Culture Weekly', 'Signal Wire', 'The Arts Review', 'Metro Business Times', 'Broadcast Now'];

export const journalists = [
  ['Alex Rivera', 'Tech & Culture Weekly', 'AI and copyright'],
  ['Brooke Lam', 'Tech & Culture Weekly', 'Platforms'],
  ['Chidi Obi', 'Signal Wire', 'Technology policy'],
  ['Dana Kessler', 'The Daily Ledger', 'Media business'],
  ['Emil Strand', 'The Arts Review', 'Music'],
  ['Fatima Haddad', 'The Arts Review', 'Film and television'],
  ['Gus Moreland', 'Metro Business Times', 'Entertainment industry'],
  ['Hélène Roux', 'Broadcast Now', 'Broadcast'],
  ['Isaac Benn', 'Signal Wire', 'Labor'],
  ['Jules Park', 'The Daily Ledger', 'Courts and IP'],
  ['Kemi Adeyemi', 'Tech & Culture Weekly', 'Creator economy'],
  ['Lars Nyberg', 'Broadcast Now', 'Audio and podcasts'],
] as const;
