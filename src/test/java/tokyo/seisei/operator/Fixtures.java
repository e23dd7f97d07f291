package tokyo.seisei.operator;

/** Desired-state texts shared by the unit tests. */
public final class Fixtures {

    /** A valid two-service stack named shop, with every Compose form the tests need. */
    public static final String SHOP = """
            apiVersion: operator.seisei.tokyo/v1
            kind: Stack
            metadata:
              name: shop
            spec:
              environment: staging
              version: sha-19b9b98
              services:
                web:
                  image: localhost:5000/seisei/odoo:${VERSION}
                  command: httpd -f -p "8080"
                  environment:
                    - DB_HOST=db
                    - GREETING=${GREETING:-hello}
                  ports: ["127.0.0.1:18069:8080"]
                  networks: [edge, default]
                  depends_on:
                    db: {condition: service_healthy}
                db:
                  image: localhost:5000/lab/postgres:15
                  environment: {POSTGRES_PASSWORD: secret, PORT: 5432}
                  volumes: ["pgdata:/var/lib/postgresql/data", "./init:/docker-entrypoint-initdb.d:ro"]
                  depends_on: []
              networks:
                edge: {external: true}
              volumes:
                pgdata: {}
            """;

    private Fixtures() {
    }
}
