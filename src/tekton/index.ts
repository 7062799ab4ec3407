// Re-exports of this domain's constructs.
export {};
