use crate::harness::Case;
