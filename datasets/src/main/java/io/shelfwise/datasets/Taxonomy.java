package io.shelfwise.datasets;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The synthetic store's category tree: departments of leaf categories, which leaves complement which (a camera
 * sells memory cards, not other cameras), and which leaves are consumables that shoppers buy again. Hand-written,
 * so that a generated cart reads like a real one.
 */
final class Taxonomy {
    private static final String[][] DEPARTMENTS = {
            {"Electronics", "Phones", "Phone Cases", "Chargers", "Headphones", "Laptops", "Laptop Bags", "Cameras",
                    "Memory Cards", "Tripods", "TVs", "HDMI Cables"},
            {"Home", "Bedding", "Pillows", "Towels", "Lamps", "Light Bulbs", "Rugs", "Curtains"},
            {"Kitchen", "Coffee Machines", "Coffee Beans", "Cookware", "Knives", "Cutting Boards", "Mugs", "Kettles",
                    "Tea"},
            {"Outdoor", "Tents", "Sleeping Bags", "Backpacks", "Camping Stoves", "Gas Canisters", "Headlamps",
                    "Batteries"},
            {"Sports", "Running Shoes", "Running Socks", "Yoga Mats", "Yoga Blocks", "Dumbbells", "Water Bottles",
                    "Fitness Trackers"},
            {"Fashion", "Jeans", "T-Shirts", "Sneakers", "Belts", "Jackets", "Scarves", "Sunglasses"},
            {"Beauty", "Shampoo", "Conditioner", "Face Cream", "Sunscreen", "Razors", "Razor Blades", "Perfume"},
            {"Pets", "Dog Food", "Dog Toys", "Leashes", "Cat Food", "Cat Litter", "Pet Beds"},
            {"Toys", "Building Sets", "Board Games", "Puzzles", "Dolls", "Remote Control Cars"},
            {"Books", "Novels", "Cookbooks", "Travel Guides", "Notebooks", "Pens"},
    };

    /** Anchor leaf, then the leaves bought with it. */
    private static final String[][] COMPLEMENTS = {
            {"Phones", "Phone Cases", "Chargers", "Headphones"},
            {"Laptops", "Laptop Bags", "Headphones"},
            {"Cameras", "Memory Cards", "Tripods"},
            {"TVs", "HDMI Cables"},
            {"Bedding", "Pillows"},
            {"Towels", "Shampoo"},
            {"Lamps", "Light Bulbs"},
            {"Rugs", "Curtains"},
            {"Coffee Machines", "Coffee Beans", "Mugs"},
            {"Cookware", "Knives", "Cookbooks"},
            {"Knives", "Cutting Boards"},
            {"Kettles", "Tea", "Mugs"},
            {"Tents", "Sleeping Bags", "Headlamps"},
            {"Camping Stoves", "Gas Canisters"},
            {"Headlamps", "Batteries"},
            {"Backpacks", "Water Bottles"},
            {"Running Shoes", "Running Socks", "Water Bottles"},
            {"Yoga Mats", "Yoga Blocks"},
            {"Fitness Trackers", "Chargers"},
            {"Jeans", "Belts", "T-Shirts"},
            {"Sneakers", "Running Socks"},
            {"Jackets", "Scarves"},
            {"Shampoo", "Conditioner"},
            {"Razors", "Razor Blades"},
            {"Dog Food", "Dog Toys", "Leashes"},
            {"Cat Food", "Cat Litter"},
            {"Remote Control Cars", "Batteries"},
            {"Travel Guides", "Backpacks"},
            {"Notebooks", "Pens"},
    };

    private static final Set<String> CONSUMABLES = Set.of("Coffee Beans", "Tea", "Light Bulbs", "Gas Canisters",
            "Batteries", "Running Socks", "Shampoo", "Conditioner", "Face Cream", "Sunscreen", "Razor Blades",
            "Dog Food", "Cat Food", "Cat Litter", "Pens", "Notebooks");

    private final List<List<String>> leaves;
    private final int[][] complements;
    private final boolean[] consumable;

    private Taxonomy(List<List<String>> leaves, int[][] complements, boolean[] consumable) {
        this.leaves = leaves;
        this.complements = complements;
        this.consumable = consumable;
    }

    static Taxonomy standard() {
        List<List<String>> leaves = new ArrayList<>();
        Map<String, Integer> byName = new HashMap<>();
        for (String[] department : DEPARTMENTS) {
            for (int i = 1; i < department.length; i++) {
                byName.put(department[i], leaves.size());
                leaves.add(List.of(department[0], department[i]));
            }
        }
        int[][] complements = new int[leaves.size()][0];
        for (String[] row : COMPLEMENTS) {
            int[] targets = new int[row.length - 1];
            for (int i = 1; i < row.length; i++) {
                targets[i - 1] = index(byName, row[i]);
            }
            complements[index(byName, row[0])] = targets;
        }
        boolean[] consumable = new boolean[leaves.size()];
        CONSUMABLES.forEach(name -> consumable[index(byName, name)] = true);
        return new Taxonomy(List.copyOf(leaves), complements, consumable);
    }

    private static int index(Map<String, Integer> byName, String leaf) {
        Integer i = byName.get(leaf);
        if (i == null) {
            throw new IllegalStateException("taxonomy names unknown leaf " + leaf);
        }
        return i;
    }

    int leafCount() {
        return leaves.size();
    }

    /** The category path of a leaf: department, then the leaf's name. */
    List<String> path(int leaf) {
        return leaves.get(leaf);
    }

    String department(int leaf) {
        return leaves.get(leaf).get(0);
    }

    String name(int leaf) {
        return leaves.get(leaf).get(1);
    }

    int[] complements(int leaf) {
        return complements[leaf];
    }

    boolean consumable(int leaf) {
        return consumable[leaf];
    }
}
