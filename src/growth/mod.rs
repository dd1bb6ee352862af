//! How an answer's time grows with its input (`grader growth`): the answer and the reference
//! run on generated inputs of doubling size, and `fit` finds each one's exponent.

pub mod fit;
