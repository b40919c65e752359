export * from 'chevrotain';
