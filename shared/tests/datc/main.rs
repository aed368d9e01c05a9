//! The Diplomacy Adjudicator Test Cases (DATC v3.1), chapter 6, one test per case, on the
//! classic map, with the document's preferred choices. Each test is named after its case number;
//! where the engine deliberately deviates from the document, the test says so and why.

mod harness;

mod a_basic;
mod b_coasts;
mod c_circular;
mod d_supports;
mod e_head_to_head;
mod f_convoys;
mod g_adjacent_convoys;
mod h_retreats;
mod i_builds;
mod j_disorder;
