package org.takedown.local.bench;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A release shaped like a LAION crawl for the pipeline benchmark: URLs of about 100 characters on
 * several hundred hosts, captions of 10-20 words in six languages, people's names in a few captions
 * each (what GDPR claimants search for), and a share of rows with an image file (distinct
 * pictures with detail enough for a PDQ quality matching accepts, so that an evidence photo of one
 * finds that one by PDQ and not its neighbours).
 */
final class BenchRelease {

    static final String DATASET = "bench-laion";
    static final String RELEASE = "2026-12";

    /** One row as the benchmark knows it: what a claimant may point at, and what must be found. */
    record Row(String id, String url, String caption, String name, Long pictureSeed) {
    }

    private static final String[] HOST_PARTS = {"cdn", "img", "media", "static", "i", "photos", "assets", "images", "m", "pics"};
    private static final String[] SITES = {"shopify", "pinimg", "blogspot", "wp-content", "flickr", "tumblr", "etsystatic",
            "wixstatic", "squarespace", "ggpht", "alamy", "dreamstime", "stockfoto", "fotocommunity", "lemonde", "elpais",
            "spiegel", "ameblo", "livedoor", "hatena", "kaskus", "vk-cdn", "deviantart", "artstation", "behance",
            "dribbble", "redbubble", "society6", "zazzle", "teepublic", "weheartit", "imgur", "ebayimg", "ssl-images-amazon",
            "walmartimages", "ikea", "zalando", "otto", "cdiscount", "rakuten"};
    private static final String[] TLDS = {"com", "de", "fr", "es", "jp", "co.uk", "it", "nl", "com.br", "pl"};
    private static final String[][] WORDS = {
            {"a", "woman", "standing", "in", "front", "of", "an", "old", "wooden", "door", "with", "flowers", "sunset", "over",
                    "the", "beach", "portrait", "young", "man", "smiling", "red", "dress", "vintage", "car", "city", "street",
                    "night", "coffee", "cup", "on", "table", "mountain", "lake", "dog", "running", "park", "wedding", "couple"},
            {"eine", "Frau", "steht", "vor", "einer", "alten", "Holztür", "mit", "Blumen", "Sonnenuntergang", "über", "dem",
                    "Strand", "Porträt", "junger", "Mann", "lächelnd", "rotes", "Kleid", "Oldtimer", "Straße", "bei", "Nacht",
                    "Kaffeetasse", "auf", "Tisch", "Bergsee", "Hund", "läuft", "im", "Park", "Hochzeit", "Brautpaar", "Grüße"},
            {"une", "femme", "debout", "devant", "une", "vieille", "porte", "en", "bois", "avec", "des", "fleurs", "coucher",
                    "de", "soleil", "sur", "la", "plage", "portrait", "jeune", "homme", "souriant", "robe", "rouge", "voiture",
                    "ancienne", "rue", "la", "nuit", "tasse", "café", "montagne", "lac", "chien", "qui", "court", "mariage", "été"},
            {"una", "mujer", "de", "pie", "frente", "a", "una", "vieja", "puerta", "de", "madera", "con", "flores", "atardecer",
                    "sobre", "la", "playa", "retrato", "joven", "hombre", "sonriendo", "vestido", "rojo", "coche", "antiguo",
                    "calle", "noche", "taza", "café", "montaña", "lago", "perro", "corriendo", "parque", "boda", "niño", "año"},
            {"uma", "mulher", "em", "pé", "diante", "de", "uma", "velha", "porta", "de", "madeira", "com", "flores", "pôr",
                    "do", "sol", "na", "praia", "retrato", "jovem", "homem", "sorrindo", "vestido", "vermelho", "carro",
                    "antigo", "rua", "à", "noite", "xícara", "café", "montanha", "lago", "cão", "correndo", "coração"},
            {"古い", "木の", "扉", "の", "前に", "立つ", "女性", "花", "と", "夕日", "海辺", "の", "肖像", "若い", "男性", "笑顔",
                    "赤い", "ドレス", "クラシックカー", "夜の", "街", "コーヒー", "カップ", "山", "湖", "走る", "犬", "公園", "結婚式"}};
    private static final String[] FIRST = {"Mira", "Jonas", "Aiko", "Lucía", "Thiago", "Élodie", "Kwame", "Ingrid", "Ravi",
            "Zofia", "Mateus", "Chiara", "Yusuf", "Freya", "Dmitri", "Amara", "Henrik", "Noemí", "Kenji", "Saoirse"};
    private static final String[] LAST = {"Okonkwo", "Lindqvist", "Haraguchi", "Bernabéu", "Quillfeather", "Dufresne",
            "Mensah", "Sørensen", "Venkataraman", "Wiśniewska", "Carvalho", "Bellandi", "Özdemir", "MacAllister"};

    private final List<Row> rows;

    private BenchRelease(List<Row> rows) {
        this.rows = rows;
    }

    List<Row> rows() {
        return rows;
    }

    List<Row> withPictures() {
        return rows.stream().filter(r -> r.pictureSeed() != null).toList();
    }

    List<Row> withNames() {
        return rows.stream().filter(r -> r.name() != null).toList();
    }

    /**
     * Writes {@code <dir>/rows.jsonl} and {@code <dir>/img/*.jpg}: {@code size} rows, {@code pictures} of
     * them with an image, 40 names in 3-6 captions each.
     */
    static BenchRelease write(Path dir, int size, int pictures, long seed) {
        Random random = new Random(seed);
        List<String> hosts = new ArrayList<>();
        for (int h = 0; h < 400; h++) {
            hosts.add(HOST_PARTS[random.nextInt(HOST_PARTS.length)] + (random.nextInt(4) == 0 ? random.nextInt(20) : "") + "."
                    + SITES[random.nextInt(SITES.length)] + "." + TLDS[random.nextInt(TLDS.length)]);
        }
        List<String> names = new ArrayList<>();
        while (names.size() < 40) {
            String name = FIRST[random.nextInt(FIRST.length)] + " " + LAST[random.nextInt(LAST.length)];
            if (!names.contains(name)) {
                names.add(name);
            }
        }
        String[] nameOf = new String[size];
        for (String name : names) {
            for (int k = 3 + random.nextInt(4); k > 0; k--) {
                nameOf[random.nextInt(size)] = name;
            }
        }
        List<Row> rows = new ArrayList<>(size);
        ObjectMapper json = new ObjectMapper();
        try {
            Files.createDirectories(dir.resolve("img"));
            try (Writer out = Files.newBufferedWriter(dir.resolve("rows.jsonl"), StandardCharsets.UTF_8)) {
                for (int i = 0; i < size; i++) {
                    String id = String.format(Locale.ROOT, "bl-%07d", i);
                    String url = url(random, hosts.get(Math.min(hosts.size() - 1, (int) Math.abs(random.nextGaussian() * 120))));
                    String caption = caption(random, nameOf[i]);
                    // Pictures spread over the release, every (size / pictures)-th row.
                    Long pictureSeed = pictures > 0 && i % Math.max(1, size / pictures) == 0 && i / Math.max(1, size / pictures) < pictures
                            ? seed * 1_000_003L + i : null;
                    ObjectNode line = json.createObjectNode().put("id", id).put("url", url).put("caption", caption);
                    if (pictureSeed != null) {
                        String file = "img/" + id + ".jpg";
                        Files.write(dir.resolve(file), jpeg(picture(pictureSeed, 512, 384), 0.9f));
                        line.put("image", file);
                    }
                    out.write(json.writeValueAsString(line));
                    out.write('\n');
                    rows.add(new Row(id, url, caption, nameOf[i], pictureSeed));
                    if ((i + 1) % 5_000 == 0 || i + 1 == size) {
                        System.out.printf("  bench release: %,d of %,d rows written%n", i + 1, size);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the bench release under " + dir, e);
        }
        return new BenchRelease(rows);
    }

    private static String url(Random random, String host) {
        StringBuilder path = new StringBuilder("https://").append(host).append('/');
        switch (random.nextInt(3)) {
            case 0 -> path.append("wp-content/uploads/").append(2015 + random.nextInt(11)).append('/')
                    .append(String.format(Locale.ROOT, "%02d", 1 + random.nextInt(12))).append('/');
            case 1 -> path.append("s/files/1/").append(random.nextInt(9000) + 1000).append('/').append(random.nextInt(9000) + 1000)
                    .append("/products/");
            default -> path.append("originals/").append(Long.toHexString(random.nextLong() & 0xff)).append('/')
                    .append(Long.toHexString(random.nextLong() & 0xff)).append('/');
        }
        String[] words = WORDS[random.nextInt(4)];
        for (int w = 2 + random.nextInt(4); w > 0; w--) {
            path.append(words[random.nextInt(words.length)].toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "x")).append('-');
        }
        path.append(Long.toHexString(random.nextLong()));
        path.append(random.nextBoolean() ? ".jpg" : "-" + (300 + random.nextInt(1700)) + "x" + (300 + random.nextInt(1700)) + ".jpg");
        if (random.nextInt(4) == 0) {
            path.append("?v=").append(1_500_000_000 + random.nextInt(200_000_000));
        }
        return path.toString();
    }

    private static String caption(Random random, String name) {
        String[] words = WORDS[random.nextInt(WORDS.length)];
        boolean spaced = words != WORDS[WORDS.length - 1];
        StringBuilder caption = new StringBuilder();
        int length = 10 + random.nextInt(11);
        int nameAt = name == null ? -1 : random.nextInt(length);
        for (int w = 0; w < length; w++) {
            if (caption.length() > 0 && spaced) {
                caption.append(' ');
            }
            caption.append(w == nameAt ? (spaced ? name : " " + name + " ") : words[random.nextInt(words.length)]);
        }
        return caption.toString().strip();
    }

    /** A picture of its own: a gradient sky, a horizon and a few soft shapes, each from the seed. */
    static BufferedImage picture(long seed, int width, int height) {
        Random random = new Random(seed);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setPaint(new GradientPaint(0, 0, new Color(random.nextInt(0xffffff)), width, height, new Color(random.nextInt(0xffffff))));
        g.fillRect(0, 0, width, height);
        int horizon = height / 3 + random.nextInt(height / 3);
        g.setColor(new Color(random.nextInt(0xffffff)));
        g.fillRect(0, horizon, width, height - horizon);
        for (int s = 0; s < 4 + random.nextInt(6); s++) {
            g.setColor(new Color(random.nextInt(256), random.nextInt(256), random.nextInt(256), 120 + random.nextInt(136)));
            int w = width / 8 + random.nextInt(width / 2);
            int h = height / 8 + random.nextInt(height / 2);
            int x = random.nextInt(width) - w / 2;
            int y = random.nextInt(height) - h / 2;
            if (random.nextBoolean()) {
                g.fillOval(x, y, w, h);
            } else {
                g.fillRect(x, y, w, h);
            }
        }
        // Detail as photographs have it (PDQ gives flat pictures a low quality, and matching ignores those hashes).
        for (int d = 0; d < 60; d++) {
            g.setColor(new Color(random.nextInt(256), random.nextInt(256), random.nextInt(256)));
            int x = random.nextInt(width);
            int y = random.nextInt(height);
            if (random.nextBoolean()) {
                g.fillRect(x, y, 4 + random.nextInt(width / 10), 4 + random.nextInt(height / 10));
            } else {
                g.setStroke(new java.awt.BasicStroke(1 + random.nextInt(4)));
                g.drawLine(x, y, x + random.nextInt(width / 4) - width / 8, y + random.nextInt(height / 4) - height / 8);
            }
        }
        g.dispose();
        return image;
    }

    /** The claimant's copy: the same picture at another size, saved again (as a phone or a browser would). */
    static byte[] evidenceOf(Row row) {
        BufferedImage original = picture(row.pictureSeed(), 512, 384);
        BufferedImage resized = new BufferedImage(800, 600, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = resized.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(original, 0, 0, 800, 600, null);
        g.dispose();
        return jpeg(resized, 0.8f);
    }

    static byte[] jpeg(BufferedImage image, float quality) {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
        ImageWriter writer = writers.next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}
