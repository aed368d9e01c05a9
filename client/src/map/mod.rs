//! The drawn map: smooth province shapes (`shape`) filled with their owners' colours (or the
//! lens's), the ground around them, the borders, and the camera (zoom and pan). Labels, units, centres and arrows are painted over it
//! in screen space by the map overlay (`ui/map_overlay.rs`), so that they stay readable at any
//! zoom.

pub mod layout;
pub mod place;
pub mod shape;

use std::collections::HashMap;

use bevy::asset::RenderAssetUsages;
use bevy::mesh::{Indices, PrimitiveTopology};
use bevy::prelude::*;
use entente_shared::protocol::Board;
use entente_shared::scenario::Scenario;

use crate::app::Client;
use crate::lens::{self, LensMode};
use crate::model::Model;
use crate::orders::province_of;
use layout::Layout;

/// Unowned land: a pale sand, apart from the lens's palest yellow.
pub const NEUTRAL: [u8; 3] = [240, 232, 210];
/// Sea: a pale blue, apart from the sky blues states are given (France, Serbia), also under
/// protanopia and deuteranopia (see `palette`).
pub const SEA: [u8; 3] = [200, 222, 238];
/// Around the map: a mid slate, apart from black and dark states.
pub const BACKGROUND: [u8; 3] = [90, 100, 115];
/// Land no province covers (Switzerland, Ireland, Africa below the classic map's edge).
pub const IMPASSABLE: [u8; 3] = [190, 182, 170];
/// What a state's colour must not be mistaken for: sea, unowned land, the ground around, and
/// impassable ground.
pub const GROUNDS: [[u8; 3]; 4] = [SEA, NEUTRAL, BACKGROUND, IMPASSABLE];
const BORDER: [u8; 3] = [40, 40, 40];
const SEA_BORDER: [u8; 3] = [120, 160, 200];

/// The camera's view of the map: the world point at the centre of the map area and the world
/// units per screen point. World coordinates: one unit per cell, x right, y up (row r is at
/// y = -r).
#[derive(Resource, Debug, Clone, Copy)]
pub struct View {
    pub centre: Vec2,
    pub scale: f32,
    /// The screen rectangle the map is shown in (logical points): min and max corners.
    pub area_min: Vec2,
    pub area_max: Vec2,
    pub window: Vec2,
    /// Whether the view has been fitted to the map since it was loaded.
    pub fitted_generation: u64,
}

impl Default for View {
    fn default() -> Self {
        View {
            centre: Vec2::ZERO,
            scale: 0.1,
            area_min: Vec2::ZERO,
            area_max: Vec2::new(1280.0, 800.0),
            window: Vec2::new(1280.0, 800.0),
            fitted_generation: 0,
        }
    }
}

impl View {
    /// The middle of the map area, on screen.
    fn area_centre(&self) -> Vec2 {
        (self.area_min + self.area_max) / 2.0
    }

    /// A screen point (logical, y down) to cell coordinates (x right, y down).
    pub fn screen_to_cell(&self, p: Vec2) -> Vec2 {
        let d = (p - self.area_centre()) * self.scale;
        Vec2::new(self.centre.x + d.x, -(self.centre.y - d.y))
    }

    /// Cell coordinates to a screen point.
    pub fn cell_to_screen(&self, c: Vec2) -> Vec2 {
        let world = Vec2::new(c.x, -c.y);
        let d = (world - self.centre) / self.scale;
        self.area_centre() + Vec2::new(d.x, -d.y)
    }

    /// Shows the whole map in the area, against its top or left edge: the room left over is
    /// below it or to its right, where the legend goes.
    pub fn fit(&mut self, layout: &Layout) {
        let size = (self.area_max - self.area_min).max(Vec2::splat(50.0));
        let sx = layout.width as f32 / size.x;
        let sy = layout.height as f32 / size.y;
        self.scale = sx.max(sy) * 1.04;
        let shown = Vec2::new(layout.width as f32, layout.height as f32) / self.scale;
        let slack = (size - shown).max(Vec2::ZERO) / 2.0 * self.scale;
        self.centre = Vec2::new(
            layout.width as f32 / 2.0 + slack.x,
            -(layout.height as f32) / 2.0 - slack.y,
        );
    }

    /// Zooms by `factor` (> 1 zooms in) keeping the screen point `at` still.
    pub fn zoom(&mut self, factor: f32, at: Vec2) {
        let before = self.screen_to_cell(at);
        self.scale = (self.scale / factor).clamp(0.005, 2.0);
        let after = self.screen_to_cell(at);
        self.centre.x += before.x - after.x;
        self.centre.y -= before.y - after.y;
    }

    /// Moves the map with the mouse by `delta` screen points.
    pub fn pan(&mut self, delta: Vec2) {
        self.centre.x -= delta.x * self.scale;
        self.centre.y += delta.y * self.scale;
    }
}

/// Marks a province's fill mesh.
#[derive(Component)]
pub struct ProvinceFill(pub usize);

/// Marks everything of the drawn map (to be replaced when the scenario changes).
#[derive(Component)]
pub struct MapPart;

/// Who holds each province as far as a player can see: the owner of a supply centre, else the
/// state of a unit standing there.
pub fn holders(scenario: &Scenario, board: &Board) -> Vec<Option<String>> {
    let map = &scenario.map;
    let mut out: Vec<Option<String>> = vec![None; map.province_count()];
    for u in &board.units {
        if let Some(p) = map.find(province_of(&u.at))
            && !map.province(p).supply_centre
        {
            out[p.index()] = Some(u.state.clone());
        }
    }
    for (province, owner) in &board.centres {
        if let Some(p) = map.find(province) {
            out[p.index()] = Some(owner.clone());
        }
    }
    out
}

/// The fill of every province: owners' colours, or the lens's colours by state.
pub fn fills(
    scenario: &Scenario,
    model: &Model,
    board: &Board,
    lens_mode: LensMode,
    lens_state: Option<&str>,
) -> Vec<[u8; 3]> {
    let lens_colours: Option<HashMap<String, [u8; 3]>> = match (lens_mode, lens_state) {
        (LensMode::Off, _) | (_, None) => None,
        (mode, Some(me)) => Some(match model.lenses.get(me) {
            Some(l) => lens::colours(&l.rows, mode, me),
            None => HashMap::from([(me.to_string(), lens::SELF_COLOUR)]),
        }),
    };
    holders(scenario, board)
        .iter()
        .enumerate()
        .map(|(i, h)| {
            if scenario.map.provinces[i].kind == entente_shared::scenario::format::ProvinceKind::Sea
            {
                return SEA;
            }
            match (h, &lens_colours) {
                (None, _) => NEUTRAL,
                (Some(s), None) => model.state_colour(s).unwrap_or(NEUTRAL),
                (Some(s), Some(c)) => c.get(s).copied().unwrap_or(lens::UNKNOWN),
            }
        })
        .collect()
}

pub fn colour(c: [u8; 3]) -> Color {
    Color::srgb_u8(c[0], c[1], c[2])
}

fn triangles_mesh(triangles: &[[[f32; 2]; 3]]) -> Mesh {
    // Cell coordinates (y down) to world coordinates (y up).
    let positions: Vec<[f32; 3]> = triangles
        .iter()
        .flatten()
        .map(|p| [p[0], -p[1], 0.0])
        .collect();
    let indices: Vec<u32> = (0..positions.len() as u32).collect();
    let normals = vec![[0.0, 0.0, 1.0]; positions.len()];
    let uvs = vec![[0.0, 0.0]; positions.len()];
    Mesh::new(
        PrimitiveTopology::TriangleList,
        RenderAssetUsages::default(),
    )
    .with_inserted_attribute(Mesh::ATTRIBUTE_POSITION, positions)
    .with_inserted_attribute(Mesh::ATTRIBUTE_NORMAL, normals)
    .with_inserted_attribute(Mesh::ATTRIBUTE_UV_0, uvs)
    .with_inserted_indices(Indices::U32(indices))
}

/// A border line of half-width `w` as two triangles, lengthened by `w` at both ends so that
/// the segments of a bending border join without notches.
fn stroke(a: [f32; 2], b: [f32; 2], w: f32) -> [[[f32; 2]; 3]; 2] {
    let (a, b) = (Vec2::from(a), Vec2::from(b));
    let d = (b - a).normalize_or_zero();
    let n = Vec2::new(-d.y, d.x) * w;
    let (a, b) = (a - d * w, b + d * w);
    let q = [a + n, a - n, b - n, b + n].map(|v| [v.x, v.y]);
    [[q[0], q[1], q[2]], [q[0], q[2], q[3]]]
}

/// Builds the map's meshes when the scenario changes: smooth shapes from the cells (see
/// `shape`), each province's cells and corner cuts in its own material, the ground around the
/// provinces, and the borders over them.
pub fn build_map(
    mut commands: Commands,
    client: Res<Client>,
    mut built: Local<u64>,
    old: Query<Entity, With<MapPart>>,
    mut meshes: ResMut<Assets<Mesh>>,
    mut materials: ResMut<Assets<ColorMaterial>>,
) {
    if *built == client.map_generation {
        return;
    }
    *built = client.map_generation;
    for e in &old {
        commands.entity(e).despawn();
    }
    let (Some(layout), Some(_)) = (&client.layout, &client.scenario) else {
        return;
    };
    // The same shapes that picking reads.
    let shapes = &layout.shapes;
    // Cells (z 0) and the cuts painted over them (z 0.5), by region.
    let slot = |r: shape::Region| match r {
        shape::Region::Province(p) => Some(p as usize),
        shape::Region::Ground => Some(layout.anchors.len()),
        shape::Region::Off => None,
    };
    let n = layout.anchors.len() + 1;
    let mut cells: Vec<Vec<[[f32; 2]; 3]>> = vec![Vec::new(); n];
    let mut cuts: Vec<Vec<[[f32; 2]; 3]>> = vec![Vec::new(); n];
    for (i, r) in shapes.regions.iter().enumerate() {
        if let Some(k) = slot(*r) {
            cells[k].extend(shapes.cell_triangles(i));
        }
    }
    for (t, r) in &shapes.cuts {
        if let Some(k) = slot(*r) {
            cuts[k].push(*t);
        }
    }
    for k in 0..n {
        if cells[k].is_empty() && cuts[k].is_empty() {
            continue;
        }
        let ground = k == layout.anchors.len();
        // One material for a province's cells and cuts, repainted together.
        let material = materials.add(ColorMaterial::from_color(colour(if ground {
            IMPASSABLE
        } else {
            NEUTRAL
        })));
        for (triangles, z) in [(&cells[k], 0.0), (&cuts[k], 0.5)] {
            if triangles.is_empty() {
                continue;
            }
            let mut e = commands.spawn((
                MapPart,
                Mesh2d(meshes.add(triangles_mesh(triangles))),
                MeshMaterial2d(material.clone()),
                Transform::from_xyz(0.0, 0.0, z),
            ));
            if !ground {
                e.insert(ProvinceFill(k));
            }
        }
    }
    let (mut land, mut sea) = (Vec::new(), Vec::new());
    for (a, b, line) in &shapes.lines {
        match line {
            shape::Line::Sea => sea.extend(stroke(*a, *b, 0.035)),
            shape::Line::Land => land.extend(stroke(*a, *b, 0.065)),
        }
    }
    for (triangles, c, z) in [(sea, SEA_BORDER, 1.0), (land, BORDER, 2.0)] {
        if triangles.is_empty() {
            continue;
        }
        commands.spawn((
            MapPart,
            Mesh2d(meshes.add(triangles_mesh(&triangles))),
            MeshMaterial2d(materials.add(ColorMaterial::from_color(colour(c)))),
            Transform::from_xyz(0.0, 0.0, z),
        ));
    }
}

/// Keeps every province's fill in step with the board, the results step and the lens.
pub fn paint_map(
    client: Res<Client>,
    fills_q: Query<(&ProvinceFill, &MeshMaterial2d<ColorMaterial>)>,
    mut materials: ResMut<Assets<ColorMaterial>>,
) {
    let Some(scenario) = &client.scenario else {
        return;
    };
    let board = crate::ui::shown_board(&client);
    let lens_state = client.lens_state();
    let f = fills(
        scenario,
        &client.model,
        board,
        client.ui.lens,
        lens_state.as_deref(),
    );
    for (fill, handle) in &fills_q {
        let want = colour(f.get(fill.0).copied().unwrap_or(NEUTRAL));
        if let Some(m) = materials.get(&handle.0)
            && m.color == want
        {
            continue;
        }
        if let Some(mut m) = materials.get_mut(&handle.0) {
            m.color = want;
        }
    }
}

/// Puts the camera where the view says, fitting the map once it is loaded.
pub fn place_camera(
    client: Res<Client>,
    mut view: ResMut<View>,
    mut camera: Query<(&mut Transform, &mut Projection), With<Camera2d>>,
) {
    if let Some(layout) = &client.layout
        && view.fitted_generation != client.map_generation
        && view.area_max.x > view.area_min.x + 10.0
    {
        view.fit(layout);
        view.fitted_generation = client.map_generation;
    }
    let Ok((mut t, mut p)) = camera.single_mut() else {
        return;
    };
    // The camera looks at the window's centre; the map area may be off-centre (panels).
    let offset = (view.window / 2.0) - (view.area_min + view.area_max) / 2.0;
    let world = view.centre + Vec2::new(offset.x, -offset.y) * view.scale;
    t.translation = Vec3::new(world.x, world.y, 100.0);
    if let Projection::Orthographic(o) = p.as_mut() {
        o.scale = view.scale;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn screen_and_cells_map_both_ways_and_zoom_keeps_the_point() {
        let mut v = View {
            area_min: Vec2::new(300.0, 40.0),
            area_max: Vec2::new(1300.0, 840.0),
            ..View::default()
        };
        v.centre = Vec2::new(20.0, -10.0);
        v.scale = 0.05;
        let p = Vec2::new(500.0, 300.0);
        let c = v.screen_to_cell(p);
        assert!((v.cell_to_screen(c) - p).length() < 1e-3);
        assert!(
            (v.cell_to_screen(Vec2::new(20.0, 10.0)) - Vec2::new(800.0, 440.0)).length() < 1e-3
        );
        v.zoom(2.0, p);
        assert!((v.screen_to_cell(p) - c).length() < 1e-3);
        let before = v.screen_to_cell(p);
        v.pan(Vec2::new(10.0, 0.0));
        assert!(v.screen_to_cell(p).x < before.x);
    }

    #[test]
    fn fills_use_owner_colours_exactly_and_the_lens_ramp() {
        let s = Scenario::load("classic").unwrap();
        let m = Model {
            states: s
                .state_ids()
                .map(|id| entente_shared::protocol::StateView {
                    code: s.state(id).code.clone(),
                    name: s.state(id).name.clone(),
                    colour: s.state(id).colour.clone(),
                })
                .collect(),
            ..Model::default()
        };
        let par = s.map.find("PAR").unwrap().index();
        let bur = s.map.find("BUR").unwrap().index();
        let nth = s.map.find("NTH").unwrap().index();
        let france = s.state(s.find_state("FRANCE").unwrap());
        let board = Board {
            units: vec![entente_shared::protocol::UnitView {
                state: france.code.clone(),
                kind: 'A',
                at: "BUR".into(),
            }],
            centres: vec![("PAR".into(), france.code.clone())],
            ..Board::default()
        };
        let f = fills(&s, &m, &board, LensMode::Off, None);
        let hex = crate::model::parse_hex(&france.colour).unwrap();
        assert_eq!(f[par], hex);
        assert_eq!(f[bur], hex, "an occupied province shows its occupier");
        assert_eq!(f[nth], SEA);
        let f = fills(&s, &m, &board, LensMode::ThreatToUs, Some(&france.code));
        assert_eq!(f[par], lens::SELF_COLOUR);
    }
}
