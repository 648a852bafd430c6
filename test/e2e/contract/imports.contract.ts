/** Contract names implemented by imports (POST /imports/people and GET /exports/people.csv are HTTP). */
export const importsContract = ['ImportJob', 'ImportRowError', 'Query.import'];
