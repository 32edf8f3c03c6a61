//! The demo catalog: 70 products in 7 categories, the same every time, so a
//! second seeding finds every SKU already there and adds nothing. Every
//! product has a stored illustration; every third has a gallery of three,
//! the next of two. Two a category are featured.

use super::category::CategoryCreate;
use super::product::{Money, ProductCreate};
use serde_json::{Map, Value, json};

struct Category {
    slug: &'static str,
    name: &'static str,
    description: &'static str,
    code: &'static str,
    brands: [&'static str; 3],
    base_price: i64,
    items: [(&'static str, &'static str); 10],
    attributes: fn(usize) -> Value,
}

const CATEGORIES: [Category; 7] = [
    Category {
        slug: "electronics",
        name: "Electronics",
        description: "Headphones, speakers, chargers and the desk setup around them.",
        code: "ELEC",
        brands: ["Voltix", "Sonora", "Pixelon"],
        base_price: 2999,
        items: [
            ("Wireless Headphones", "audio"),
            ("Bluetooth Speaker", "audio"),
            ("USB-C Fast Charger", "charging"),
            ("Mechanical Keyboard", "computer"),
            ("Ergonomic Mouse", "computer"),
            ("27-inch 4K Monitor", "computer"),
            ("Fitness Smartwatch", "wearable"),
            ("Action Camera", "camera"),
            ("20000 mAh Power Bank", "charging"),
            ("Noise-Cancelling Earbuds", "audio"),
        ],
        attributes: |i| json!({"warranty": years(1 + i % 3), "colour": (["black", "white", "silver"][i % 3])}),
    },
    Category {
        slug: "books",
        name: "Books",
        description: "Novels, cookbooks and guides worth keeping on the shelf.",
        code: "BOOK",
        brands: ["Harbor Press", "Lumen Books", "Northwind"],
        base_price: 1299,
        items: [
            ("Systems Programming in Practice", "programming"),
            ("The Quiet Lighthouse", "fiction"),
            ("Cooking with Seasons", "cooking"),
            ("A Short History of Maps", "history"),
            ("Designing Data Services", "programming"),
            ("The Garden Almanac", "gardening"),
            ("Midnight on the Canal", "fiction"),
            ("Everyday Statistics", "science"),
            ("Mountains and Men", "history"),
            ("Learning to Draw", "art"),
        ],
        attributes: |i| json!({"pages": 180 + i * 37, "format": (["paperback", "hardcover"][i % 2]), "language": "English"}),
    },
    Category {
        slug: "home-kitchen",
        name: "Home & Kitchen",
        description: "Cookware, tableware and the small things that make a home.",
        code: "HOME",
        brands: ["Casa Nova", "Ironleaf", "Pura"],
        base_price: 1999,
        items: [
            ("Cast Iron Skillet", "cookware"),
            ("French Press Coffee Maker", "coffee"),
            ("Ceramic Dinner Plates", "tableware"),
            ("Chef's Knife", "cookware"),
            ("Linen Tablecloth", "textiles"),
            ("Glass Storage Jars", "storage"),
            ("Electric Kettle", "appliances"),
            ("Bamboo Cutting Board", "cookware"),
            ("Cotton Bath Towels", "textiles"),
            ("Scented Soy Candle", "decor"),
        ],
        attributes: |i| {
            // Material as the name says; dishwasher safety only where it applies.
            const HOME: [(&str, Option<bool>); 10] = [
                ("cast iron", Some(false)),
                ("glass and stainless steel", Some(true)),
                ("porcelain", Some(true)),
                ("stainless steel", Some(false)),
                ("linen", None),
                ("glass", Some(true)),
                ("stainless steel", None),
                ("bamboo", Some(false)),
                ("cotton", None),
                ("soy wax", None),
            ];
            let (material, dishwasher_safe) = HOME[i];
            let mut attributes = json!({ "material": material });
            if let Some(safe) = dishwasher_safe {
                attributes["dishwasher_safe"] = json!(safe);
            }
            attributes
        },
    },
    Category {
        slug: "sports-outdoors",
        name: "Sports & Outdoors",
        description: "Gear for the trail, the gym and the water.",
        code: "SPRT",
        brands: ["Peakline", "Trailborn", "Aquafit"],
        base_price: 2499,
        items: [
            ("Trail Running Shoes", "running"),
            ("Yoga Mat", "fitness"),
            ("Insulated Water Bottle", "hydration"),
            ("Two-Person Tent", "camping"),
            ("Adjustable Dumbbells", "fitness"),
            ("Hiking Backpack 30L", "hiking"),
            ("Cycling Helmet", "cycling"),
            ("Swim Goggles", "swimming"),
            ("Camping Headlamp", "camping"),
            ("Resistance Bands Set", "fitness"),
        ],
        attributes: |i| {
            const SPORTS: [(u32, &str, bool); 10] = [
                (580, "g", true),
                (1800, "g", false),
                (350, "g", true),
                (2100, "g", true),
                (10, "kg", false),
                (950, "g", true),
                (320, "g", true),
                (90, "g", false),
                (85, "g", true),
                (400, "g", false),
            ];
            let (weight, unit, outdoor_use) = SPORTS[i];
            json!({"weight": {"value": weight, "unit": unit}, "outdoor_use": outdoor_use})
        },
    },
    Category {
        slug: "toys-games",
        name: "Toys & Games",
        description: "Building sets, puzzles and games for every age.",
        code: "TOYS",
        brands: ["Kitebird", "Brickly", "Puzzlewood"],
        base_price: 1499,
        items: [
            ("Wooden Building Blocks", "building"),
            ("1000-Piece Jigsaw Puzzle", "puzzle"),
            ("Strategy Board Game", "board-game"),
            ("Remote Control Car", "vehicles"),
            ("Plush Bear", "plush"),
            ("Watercolor Paint Set", "creative"),
            ("Card Game for Families", "card-game"),
            ("Marble Run", "building"),
            ("Kids Science Kit", "educational"),
            ("Stunt Kite", "outdoor"),
        ],
        attributes: |i| {
            // Players only for the games; ages as a toy shop would print them.
            const TOYS: [(usize, Option<&str>); 10] = [
                (1, None),
                (12, Some("1–4")),
                (10, Some("2–4")),
                (8, None),
                (1, None),
                (5, None),
                (6, Some("2–6")),
                (4, None),
                (8, None),
                (8, None),
            ];
            let (age, players) = TOYS[i];
            let mut attributes = json!({ "minimum_age": years(age) });
            if let Some(players) = players {
                attributes["players"] = json!(players);
            }
            attributes
        },
    },
    Category {
        slug: "fashion",
        name: "Fashion",
        description: "Knitwear, basics and outerwear in natural materials.",
        code: "FASH",
        brands: ["Norde", "Linum", "Urbane"],
        base_price: 2999,
        items: [
            ("Merino Wool Sweater", "knitwear"),
            ("Organic Cotton T-Shirt", "basics"),
            ("Slim Fit Jeans", "denim"),
            ("Rain Jacket", "outerwear"),
            ("Leather Belt", "accessories"),
            ("Wool Scarf", "accessories"),
            ("Canvas Sneakers", "shoes"),
            ("Linen Shirt", "basics"),
            ("Puffer Vest", "outerwear"),
            ("Knit Beanie", "accessories"),
        ],
        attributes: |i| {
            const FASHION: [(&str, &str); 10] = [
                ("M", "merino wool"),
                ("S", "organic cotton"),
                ("32/32", "cotton denim"),
                ("L", "recycled polyester"),
                ("90 cm", "leather"),
                ("one size", "wool"),
                ("42", "canvas"),
                ("M", "linen"),
                ("XL", "recycled polyester"),
                ("one size", "wool"),
            ];
            let (size, material) = FASHION[i];
            json!({ "size": size, "material": material })
        },
    },
    Category {
        slug: "beauty",
        name: "Beauty",
        description: "Skin, hair and body care with gentle ingredients.",
        code: "BEAU",
        brands: ["Verdana", "Aloe & Co", "Lune"],
        base_price: 999,
        items: [
            ("Hydrating Face Cream", "skincare"),
            ("Vitamin C Serum", "skincare"),
            ("Natural Lip Balm", "lips"),
            ("Argan Hair Oil", "haircare"),
            ("Clay Face Mask", "skincare"),
            ("Lavender Body Lotion", "bodycare"),
            ("Mineral Sunscreen SPF 50", "sun"),
            ("Bamboo Hair Brush", "haircare"),
            ("Rose Water Toner", "skincare"),
            ("Shea Butter Soap", "bodycare"),
        ],
        attributes: |i| {
            // Liquids by volume, solids by weight, a brush by neither.
            // (attribute, value, unit)
            type Amount = (&'static str, u32, &'static str);
            const BEAUTY: [(Option<Amount>, bool); 10] = [
                (Some(("volume", 50, "ml")), true),
                (Some(("volume", 30, "ml")), true),
                (Some(("weight", 5, "g")), false),
                (Some(("volume", 100, "ml")), true),
                (Some(("volume", 75, "ml")), true),
                (Some(("volume", 250, "ml")), false),
                (Some(("volume", 50, "ml")), true),
                (None, true),
                (Some(("volume", 200, "ml")), true),
                (Some(("weight", 100, "g")), false),
            ];
            let (amount, vegan) = BEAUTY[i];
            let mut attributes = json!({ "vegan": vegan });
            if let Some((key, value, unit)) = amount {
                attributes[key] = json!({"value": value, "unit": unit});
            }
            attributes
        },
    },
];

/// `n` years as a measure.
fn years(n: usize) -> Value {
    json!({"value": n, "unit": if n == 1 { "year" } else { "years" }})
}

/// The demo categories, each with its stored picture.
pub fn demo_categories() -> Vec<CategoryCreate> {
    CATEGORIES
        .iter()
        .map(|c| CategoryCreate {
            slug: c.slug.to_owned(),
            name: c.name.to_owned(),
            description: Some(c.description.to_owned()),
            image: Some(format!("/api/catalog/images/category-{}.svg", c.slug)),
        })
        .collect()
}

/// How many pictures the `i`th product of a category has.
pub fn picture_count(i: usize) -> usize {
    match i % 3 {
        0 => 3,
        1 => 2,
        _ => 1,
    }
}

/// The demo products, in a fixed order.
pub fn demo_products() -> Vec<ProductCreate> {
    let mut products = Vec::with_capacity(70);
    for category in &CATEGORIES {
        for (i, (name, kind)) in category.items.iter().enumerate() {
            let brand = category.brands[i % 3];
            // A spread of prices and stock levels, some sold out, without randomness.
            let price = category.base_price + (i as i64 * 7 % 10) * 500 + (i as i64 % 3) * 250;
            let stock = if i % 7 == 6 {
                0
            } else {
                5 + (i as i64 * 13) % 60
            };
            let attributes: Map<String, Value> = match (category.attributes)(i) {
                Value::Object(map) => map,
                _ => Map::new(),
            };
            let slug = super::product::slugify(name);
            products.push(ProductCreate {
                sku: format!("{}-{:03}", category.code, i + 1),
                name: (*name).to_owned(),
                slug: Some(slug.clone()),
                description: format!(
                    "{name} by {brand}. A well-made pick from our {} range, chosen for everyday use and built to last.",
                    category.name.to_lowercase()
                ),
                category: category.slug.to_owned(),
                brand: brand.to_owned(),
                price: Money {
                    amount: price,
                    currency: "EUR".to_owned(),
                },
                stock,
                images: (1..=picture_count(i))
                    .map(|n| match n {
                        1 => format!("/api/catalog/images/{slug}.svg"),
                        n => format!("/api/catalog/images/{slug}-{n}.svg"),
                    })
                    .collect(),
                tags: vec![(*kind).to_owned(), category.slug.to_owned()],
                attributes,
                featured: i == 0 || i == 3,
                active: true,
            });
        }
    }
    products
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ProductFactory;

    #[test]
    fn demo_catalog_is_large_varied_and_valid() {
        let products = demo_products();
        assert!(products.len() >= 60);
        let mut categories: Vec<_> = products.iter().map(|p| p.category.clone()).collect();
        categories.dedup();
        assert!(categories.len() >= 6);
        let mut skus: Vec<_> = products.iter().map(|p| p.sku.clone()).collect();
        skus.sort();
        skus.dedup();
        assert_eq!(skus.len(), products.len());
        for p in products {
            ProductFactory::create(p, kit::Timestamp::now()).unwrap();
        }
    }
}
