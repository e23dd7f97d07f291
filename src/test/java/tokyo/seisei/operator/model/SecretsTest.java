package tokyo.seisei.operator.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SecretsTest {

    @Test
    void secretNamesAreMaskedAndOthersKept() {
        assertEquals("POSTGRES_PASSWORD=****", Secrets.maskAssignment("POSTGRES_PASSWORD=hunter2"));
        assertEquals("api_token=****", Secrets.maskAssignment("api_token=abc=def"));
        assertEquals("AWS_SECRET_ACCESS_KEY=****", Secrets.maskAssignment("AWS_SECRET_ACCESS_KEY=x"));
        assertEquals("DB_HOST=db", Secrets.maskAssignment("DB_HOST=db"));
        assertEquals("MONKEY=banana", Secrets.maskAssignment("MONKEY=banana"));
        assertEquals("AUTHOR=me", Secrets.maskAssignment("AUTHOR=me"));
        assertEquals("SSH_KEY=****", Secrets.maskAssignment("SSH_KEY=x"));
        assertEquals("NO_VALUE", Secrets.maskAssignment("NO_VALUE"));
    }
}
