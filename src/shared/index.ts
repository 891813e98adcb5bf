export * from './enums.js';
export * from './schemas/common.js';
export * from './schemas/access.js';
export * from './schemas/customers.js';
export * from './schemas/transactions.js';
export * from './schemas/cases.js';
export * from './schemas/audit.js';
export * from './schemas/imports.js';
