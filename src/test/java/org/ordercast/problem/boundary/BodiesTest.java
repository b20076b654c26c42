package org.ordercast.problem.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class BodiesTest {

    @Test
    void readsTheCharsetParameterOfAContentType() {
        assertNull(Bodies.charsetParameter(null));
        assertNull(Bodies.charsetParameter("application/json"));
        assertNull(Bodies.charsetParameter("application/json; version=2"));
        assertEquals("UTF-8", Bodies.charsetParameter("application/json;charset=UTF-8"));
        assertEquals("utf-16", Bodies.charsetParameter("application/json; Charset = utf-16 "));
        assertEquals("ISO-8859-1", Bodies.charsetParameter("application/json; q=\"a;b\"; charset=\"ISO-8859-1\""));
        assertEquals("latin1", Bodies.charsetParameter("application/json; version=1; charset=latin1; x=y"));
    }
}
