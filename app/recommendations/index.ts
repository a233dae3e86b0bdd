// Recommendations (SPEC §5): user-based collaborative filtering, content, popularity and
// bought-together, mixed into a hybrid; built into a versioned top-k model a register answers
// from locally; and the leave-one-out evaluation that measures it against best sellers.
export * from './seeded-random';
export * from './cosine';
export * from './purchase-counts';
export * from './member-neighbours';
export * from './bought-together';
export * from './content-profile';
export * from './name-features';
export * from './recs-options';
export * from './train-recs';
export * from './recs-model';
export * from './build-recs-model';
export * from './recs-lookup';
export * from './evaluate-holdout';
